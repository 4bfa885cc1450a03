package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.carelake.sources.SqlDialect;
import org.junit.jupiter.api.Test;

class ImportRequestTest {
  private static ImportRequest.Builder complete() {
    return ImportRequest.builder().catalog(Path.of("catalog/data-classification.json")).table("observations")
        .optionsFile(Path.of("sqoop-jobs/ehr/observations.options")).connect("jdbc:postgresql://127.0.0.1/ehr")
        .targetDir("file:///lake/staging/ehr/observations/dt=2014-03-09").workDir(Path.of("/tmp/w"))
        .mappers(2).resultFile(Path.of("/tmp/r.json"));
  }

  @Test
  void argumentsRoundTrip() {
    ImportRequest full = complete().username("etl").passwordFile(Path.of("/etc/carelake/ehr.password"))
        .window(ImportWindow.parse("2014-03-09 00:00:00", "2014-03-10 00:00:00")).build();
    assertThat(ImportRequest.parse(full.toArguments().toArray(new String[0]))).isEqualTo(full);
    assertThat(full.toArguments()).containsSubsequence("--window-start", "2014-03-09 00:00:00", "--window-end",
        "2014-03-10 00:00:00");

    ImportRequest minimal = complete().build();
    assertThat(ImportRequest.parse(minimal.toArguments().toArray(new String[0]))).isEqualTo(minimal);
    assertThat(minimal.window()).isEmpty();
    assertThat(minimal.toArguments()).doesNotContain("--window-start", "--username", "--password-file");
  }

  @Test
  void badArgumentsAreNamed() {
    List<String> args = new ArrayList<>(complete().build().toArguments());
    args.addAll(List.of("--window-start", "2014-03-09 00:00:00"));
    assertThatThrownBy(() -> ImportRequest.parse(args.toArray(new String[0])))
        .hasMessageContaining("--window-end");
    assertThatThrownBy(() -> ImportRequest.parse(new String[] {"--table"})).hasMessageContaining("--table needs a value");
    assertThatThrownBy(() -> ImportRequest.parse(new String[] {"--tabel", "x"})).hasMessageContaining("'--tabel'");
    assertThatThrownBy(() -> complete().targetDir(null).build()).hasMessageContaining("--target-dir is required");
    assertThatThrownBy(() -> complete().mappers(0).build()).hasMessageContaining("--mappers");
    assertThatThrownBy(() -> ImportWindow.parse("2014-03-09", "2014-03-10 00:00:00"))
        .hasMessageContaining("--window-start '2014-03-09'");
    assertThatThrownBy(() -> ImportWindow.parse("2014-02-30 00:00:00", "2014-03-10 00:00:00"))
        .hasMessageContaining("2014-02-30");
    assertThatThrownBy(() -> ImportWindow.parse("2014-03-10 00:00:00", "2014-03-09 00:00:00"))
        .hasMessageContaining("must be before");
  }

  @Test
  void windowPredicateIsHalfOpenOnLastModifiedInEachDialect() {
    ImportWindow w = new ImportWindow(LocalDateTime.of(2014, 3, 9, 0, 0), LocalDateTime.of(2014, 3, 10, 0, 0));
    assertThat(w.predicate(SqlDialect.POSTGRESQL)).isEqualTo(
        "last_modified >= TIMESTAMP '2014-03-09 00:00:00' AND last_modified < TIMESTAMP '2014-03-10 00:00:00'");
    assertThat(w.predicate(SqlDialect.MARIADB)).isEqualTo(
        "`last_modified` >= TIMESTAMP '2014-03-09 00:00:00' AND `last_modified` < TIMESTAMP '2014-03-10 00:00:00'");
  }
}
