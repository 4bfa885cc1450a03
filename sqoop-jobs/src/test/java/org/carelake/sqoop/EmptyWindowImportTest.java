package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A night without changes is a success: zero source rows, one Avro file holding the schema, _SUCCESS. */
class EmptyWindowImportTest {
  @Test
  void aWindowWithoutRowsStagesAnEmptyCommittedPartition(@TempDir Path tmp) throws Exception {
    Path home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    DataCatalog catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    TableSpec table = catalog.table("conditions");
    try (TestDatabase db = TestDatabase.h2WithSampleRows(table, tmp)) {
      Path target = tmp.resolve("lake/staging/ehr/conditions/dt=1999-01-01");
      ImportRequest request = ImportRequest.builder().catalog(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH))
          .table(table.name()).optionsFile(home.resolve("sqoop-jobs/ehr/conditions.options"))
          .connect(db.url).username(db.user)
          .window(new ImportWindow(LocalDateTime.of(1999, 1, 1, 0, 0), LocalDateTime.of(1999, 1, 2, 0, 0)))
          .targetDir(target.toString()).workDir(tmp.resolve("work")).mappers(2)
          .resultFile(tmp.resolve("result.json")).build();

      ImportChild.Run run = ImportChild.run(request.toArguments(), Files.createDirectories(tmp.resolve("cwd")),
          tmp.resolve("logs"));

      assertThat(run.exitCode()).as(run.stderr()).isZero();
      ImportResult result = ImportResult.read(request.resultFile());
      assertThat(result.sourceRows()).isZero();
      assertThat(result.stagedRows()).isZero();
      assertThat(result.avroCodec()).isEqualTo("bzip2");
      assertThat(target.resolve("_SUCCESS")).exists();
      StagedRecords staged = StagedRecords.read(target);
      assertThat(staged.records()).isEmpty();
      assertThat(staged.schemas()).isNotEmpty().allSatisfy(s -> assertThat(s.getField("LAST_MODIFIED")).isNotNull());
    }
  }
}
