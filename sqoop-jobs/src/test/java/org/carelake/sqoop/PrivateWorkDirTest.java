package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-import work directory: owner-only while it exists, gone afterwards, also when Sqoop fails. */
class PrivateWorkDirTest {
  @Test
  void createdOwnerOnlyAndDeletedWithEverythingInIt(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("runs/r1/sqoop-observations");
    try (PrivateWorkDir work = PrivateWorkDir.create(dir)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
      Files.createDirectories(work.resolve("hadoop-tmp/mapred/local"));
      Files.writeString(work.resolve("hadoop-tmp/mapred/local/spill0.out"), "clear-text map output");
      Files.createSymbolicLink(work.resolve("link-to-outside"), tmp);
    }
    assertThat(dir).doesNotExist();
    assertThat(tmp).isDirectory();
  }

  @Test
  void aSqoopFailureAfterTheChecksStillLeavesNoWorkDirectoryBehind(@TempDir Path tmp) throws Exception {
    Path home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    DataCatalog catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    TableSpec table = catalog.table("conditions");
    try (TestDatabase db = TestDatabase.h2WithSampleRows(table, tmp)) {
      // the target's parent is a file: every check passes, then Sqoop cannot write its output
      Path blocker = Files.writeString(tmp.resolve("lake-is-a-file"), "x");
      Path work = tmp.resolve("work");
      ImportRequest request = ImportRequest.builder().catalog(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH))
          .table(table.name()).optionsFile(home.resolve("sqoop-jobs/ehr/conditions.options"))
          .connect(db.url).username(db.user)
          .window(new ImportWindow(SourceRows.WINDOW_START, SourceRows.WINDOW_END))
          .targetDir(blocker.resolve("staging/ehr/conditions/dt=2014-03-09").toString()).workDir(work).mappers(1)
          .resultFile(tmp.resolve("result.json")).build();
      Path cwd = Files.createDirectories(tmp.resolve("cwd"));

      ImportChild.Run run = ImportChild.run(request.toArguments(), cwd, tmp.resolve("logs"));

      assertThat(run.exitCode()).as(run.output()).isEqualTo(ImportTable.EXIT_FAILED);
      assertThat(run.stderr()).startsWith("IMPORT FAILED: table ehr.conditions: Sqoop");
      assertThat(ImportResult.read(tmp.resolve("result.json")).sqoopExitCode()).isNotNull().isNotZero();
      assertThat(work).doesNotExist();
      try (Stream<Path> left = Files.list(cwd)) {
        assertThat(left.toList()).isEmpty();
      }
    }
  }
}
