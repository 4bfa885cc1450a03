package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.util.List;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImportTable refuses, before Sqoop writes anything, every input it cannot trust: exit 2, one
 * stderr line "IMPORT FAILED: table ...: reason; what to do", a FAILED result file, no target.
 */
class ImportFailuresTest {
  private static Path home;
  private static DataCatalog catalog;

  @TempDir
  Path tmp;

  @BeforeAll
  static void load() {
    home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  }

  private ImportRequest.Builder request(TestDatabase db, String table) {
    TableSpec spec = catalog.table(table);
    return ImportRequest.builder().catalog(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH)).table(table)
        .optionsFile(home.resolve("sqoop-jobs").resolve(SqoopOptionsFiles.relativePath(spec)))
        .connect(db.url).username(db.user)
        .targetDir(tmp.resolve("lake/staging/" + spec.source() + "/" + table + "/dt=2014-03-09").toString())
        .workDir(tmp.resolve("work")).mappers(1).resultFile(tmp.resolve("result.json"));
  }

  private record InProcess(int exitCode, String out, String err) {
  }

  private static InProcess runInProcess(ImportRequest request) {
    return runInProcess(request.toArguments().toArray(new String[0]));
  }

  private static InProcess runInProcess(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ImportTable.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new InProcess(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private TestDatabase h2WithObservations() throws Exception {
    TestDatabase db = TestDatabase.create(SqlDialect.H2, tmp);
    TableSpec observations = catalog.table("observations");
    db.createTable(observations);
    try (Connection c = db.connect()) {
      SourceRows.insert(c, observations, SqlDialect.H2, SourceRows.rows(observations));
    }
    return db;
  }

  @Test
  void unknownSourceColumnFailsTheChildProcessBeforeAnythingIsWritten() throws Exception {
    try (TestDatabase db = h2WithObservations()) {
      db.execute("ALTER TABLE observations ADD shoe_size INTEGER");
      ImportRequest request = request(db, "observations")
          .window(new ImportWindow(SourceRows.WINDOW_START, SourceRows.WINDOW_END)).build();
      Path cwd = Files.createDirectories(tmp.resolve("cwd"));

      ImportChild.Run run = ImportChild.run(request.toArguments(), cwd, tmp.resolve("logs"));

      assertThat(run.exitCode()).isEqualTo(ImportTable.EXIT_FAILED);
      assertThat(run.stderr().strip()).doesNotContain("\n")
          .startsWith("IMPORT FAILED: table ehr.observations: source column observations.shoe_size is not in the "
              + "data classification catalog")
          .contains("add it there with a treatment").contains("regenerate the options files");
      assertThat(Path.of(request.targetDir())).doesNotExist();
      assertThat(tmp.resolve("lake")).doesNotExist();
      assertThat(request.workDir()).doesNotExist();
      ImportResult result = ImportResult.read(request.resultFile());
      assertThat(result.status()).isEqualTo(ImportResult.FAILED);
      assertThat(result.error()).contains("observations.shoe_size");
      assertThat(result.sqoopExitCode()).isNull();
      assertThat(result.sourceRows()).isNull();
      assertThat(result.files()).isEmpty();
      assertThat(result.windowStart()).isEqualTo("2014-03-09 00:00:00");
    }
  }

  @Test
  void passwordFileReadableByOthersIsRefused() throws Exception {
    try (TestDatabase db = h2WithObservations()) {
      Path password = tmp.resolve("ehr.password");
      Files.writeString(password, "secret");
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));

      InProcess run = runInProcess(request(db, "observations").passwordFile(password).build());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("IMPORT FAILED: table ehr.observations: password file " + password)
          .contains("mode 0644").contains("chmod 400 " + password).doesNotContain("secret");
      assertThat(tmp.resolve("lake")).doesNotExist();

      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-rw----"));
      assertThat(runInProcess(request(db, "observations").passwordFile(password).build()).err())
          .contains("mode 0660").contains("chmod 400 " + password);
    }
  }

  @Test
  void ownerWritablePasswordFileIsRefusedToo() throws Exception {
    try (TestDatabase db = h2WithObservations()) {
      Path password = tmp.resolve("owner-writable.password");
      Files.writeString(password, "secret");
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));

      InProcess run = runInProcess(request(db, "observations").passwordFile(password).build());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("IMPORT FAILED: table ehr.observations: password file " + password)
          .contains("mode 0600").contains("must be 0400").contains("chmod 400 " + password).doesNotContain("secret");
      assertThat(tmp.resolve("lake")).doesNotExist();
    }
  }

  @Test
  void existingTargetStaleOptionsFileAndExistingWorkDirAreRefused() throws Exception {
    try (TestDatabase db = h2WithObservations()) {
      Path target = tmp.resolve("existing-target");
      Files.createDirectories(target);
      InProcess run = runInProcess(request(db, "observations").targetDir(target.toString()).build());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("IMPORT FAILED: table ehr.observations: target directory " + target
          + " already exists");

      Path stale = tmp.resolve("observations.options");
      Files.writeString(stale, SqoopOptionsFiles.render(catalog.table("observations")).replace(",units,", ","));
      run = runInProcess(request(db, "observations").optionsFile(stale).build());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("options file " + stale + " does not match the catalog for table observations")
          .contains("lacks [units] and has []").contains(SqoopOptionsFiles.REGENERATE_COMMAND);

      Path work = Files.createDirectories(tmp.resolve("someone-elses-dir"));
      Files.writeString(work.resolve("keep.txt"), "not ours");
      run = runInProcess(request(db, "observations").workDir(work).build());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).contains("work directory " + work + " already exists");
      assertThat(work.resolve("keep.txt")).hasContent("not ours");
      assertThat(tmp.resolve("lake")).doesNotExist();
    }
  }

  @Test
  void badArgumentsUnknownTablesAndHelp() throws Exception {
    InProcess run = runInProcess("--table", "observations");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("IMPORT FAILED: bad arguments: --catalog is required");

    try (TestDatabase db = h2WithObservations()) {
      run = runInProcess(request(db, "observations").table("imaging_studies").build());
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("IMPORT FAILED: table imaging_studies: Table 'imaging_studies' is not in the "
          + "data classification catalog");
      assertThat(ImportResult.read(tmp.resolve("result.json")).error()).contains("imaging_studies");

      run = runInProcess(request(db, "observations").connect("jdbc:oracle:thin:@db:1521/ehr").build());
      assertThat(run.err()).contains("is not H2, PostgreSQL or MariaDB");
    }

    run = runInProcess("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--window-start", "--password-file", "--result-file", "IMPORT FAILED:");
  }

  @Test
  void theUsageDocumentsEveryArgument() {
    for (String option : List.of("--catalog", "--table", "--options-file", "--connect", "--username",
        "--password-file", "--window-start", "--window-end", "--target-dir", "--work-dir", "--mappers",
        "--result-file")) {
      assertThat(ImportRequest.USAGE).contains(option);
    }
  }
}
