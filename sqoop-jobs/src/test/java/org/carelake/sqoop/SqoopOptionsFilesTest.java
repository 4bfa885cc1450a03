package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.sqoop.util.OptionsFileUtil;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqoopOptionsFilesTest {
  private static Path home;
  private static DataCatalog catalog;

  @BeforeAll
  static void load() {
    home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  }

  @Test
  void committedOptionsFilesMatchTheCatalog() {
    List<String> problems = SqoopOptionsFiles.check(catalog, home.resolve("sqoop-jobs"));
    assertThat(problems).as("regenerate with: %s", SqoopOptionsFiles.REGENERATE_COMMAND).isEmpty();
    assertThat(SqoopOptionsFiles.existingOptionsFiles(home.resolve("sqoop-jobs"))).hasSize(catalog.tables().size());
  }

  @Test
  void sqoopReadsEachFileBackAsTheCatalogTokens() throws Exception {
    for (TableSpec table : catalog.tables()) {
      Path file = home.resolve("sqoop-jobs").resolve(SqoopOptionsFiles.relativePath(table));
      List<String> tokens = Arrays.asList(OptionsFileUtil.expandArguments(new String[] {"--options-file", file.toString()}));
      assertThat(tokens).as(file.toString()).isEqualTo(SqoopOptionsFiles.tokens(table));
    }
  }

  @Test
  void tokensNameEveryColumnInCatalogOrderAndEveryTemporalColumnAsString() {
    for (TableSpec table : catalog.tables()) {
      List<String> tokens = SqoopOptionsFiles.tokens(table);
      assertThat(value(tokens, "--table")).isEqualTo(table.name());
      assertThat(List.of(value(tokens, "--columns").split(","))).isEqualTo(table.columnNames());
      assertThat(value(tokens, "--split-by")).isEqualTo("row_id");
      List<String> temporal = table.columns().stream().filter(c -> c.type().isTemporal())
          .map(ColumnSpec::name).map(n -> n + "=String").toList();
      assertThat(List.of(value(tokens, "--map-column-java").split(","))).isEqualTo(temporal).contains("last_modified=String");
      assertThat(tokens).contains("--as-avrodatafile", "--compress");
      assertThat(value(tokens, "--compression-codec")).isEqualTo("bzip2");
      assertThat(tokens).doesNotContain("import", "--connect", "--where", "--target-dir", "--password");
    }
    assertThat(SqoopOptionsFiles.relativePath(catalog.table("patients"))).isEqualTo(Path.of("ehr/patients.options"));
    assertThat(SqoopOptionsFiles.relativePath(catalog.table("claims"))).isEqualTo(Path.of("billing/claims.options"));
  }

  @Test
  void checkNamesAnEditedAMissingAndAStrayFileWithTheRegenerateCommand(@TempDir Path dir) throws Exception {
    SqoopOptionsFiles.write(catalog, dir);
    assertThat(SqoopOptionsFiles.check(catalog, dir)).isEmpty();

    Path observations = dir.resolve("ehr/observations.options");
    Files.writeString(observations, Files.readString(observations).replace(",units,", ","));
    Files.delete(dir.resolve("billing/claims.options"));
    Files.writeString(dir.resolve("ehr/imaging_studies.options"), "--table\nimaging_studies\n");

    List<String> problems = SqoopOptionsFiles.check(catalog, dir);
    assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).contains(SqoopOptionsFiles.REGENERATE_COMMAND));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(observations.toString()).contains("differs")
        .contains("units"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(dir.resolve("billing/claims.options").toString())
        .contains("missing"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(dir.resolve("ehr/imaging_studies.options").toString())
        .contains("belongs to no table"));

    SqoopOptionsFiles.write(catalog, dir);
    assertThat(SqoopOptionsFiles.check(catalog, dir)).singleElement().asString().contains("imaging_studies");
  }

  private static String value(List<String> tokens, String option) {
    int i = tokens.indexOf(option);
    assertThat(i).as(option).isNotNegative();
    return tokens.get(i + 1);
  }
}
