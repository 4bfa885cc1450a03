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
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sqoop hygiene on the credential side and after Sqoop: the source password only through a
 * credential-provider alias (store 0600/0400) or a 0400 file, and an import is only trusted
 * (and published) once VerifyImport has found _SUCCESS and as many records as the source window.
 */
class CredentialAliasAndVerifyImportTest {
  private static final String ALIAS = "carelake.source.ehr.password";
  private static final String PASSWORD = "h2-secret-Pw1";

  private final Path home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
  private final DataCatalog catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));

  private static String createStore(Path store, String alias, String password) throws Exception {
    String uri = "jceks://file" + store.toAbsolutePath();
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(alias, password.toCharArray());
    provider.flush();
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-------"));
    return uri;
  }

  private record Run(int exit, String out, String err) {
  }

  private static Run verify(Configuration conf, List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = VerifyImport.run(args.toArray(new String[0]), conf, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aliasImportThenVerifyPublishesOnlyWhatMatchesTheSource(@TempDir Path tmp) throws Exception {
    TableSpec table = catalog.table("observations");
    try (TestDatabase db = TestDatabase.h2WithSampleRows(table, tmp)) {
      db.execute("ALTER USER " + db.user + " SET PASSWORD '" + PASSWORD + "'");
      String provider = createStore(tmp.resolve("sources.jceks"), ALIAS, PASSWORD);
      Path staged = tmp.resolve("work/staging/ehr/observations");
      ImportRequest request = ImportRequest.builder().catalog(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH))
          .table(table.name()).optionsFile(home.resolve("sqoop-jobs/ehr/observations.options"))
          .connect(db.url).username(db.user).passwordAlias(ALIAS, provider)
          .window(new ImportWindow(SourceRows.WINDOW_START, SourceRows.WINDOW_END))
          .targetDir(staged.toString()).workDir(tmp.resolve("sqoop-work")).mappers(1)
          .resultFile(tmp.resolve("import.json")).build();

      // the real import, in its own JVM: Sqoop reads the password through --password-alias
      ImportChild.Run run = ImportChild.run(request.toArguments(), Files.createDirectories(tmp.resolve("cwd")),
          tmp.resolve("logs"));
      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).doesNotContain(PASSWORD);
      long inWindow = SourceRows.rows(table).stream().filter(SourceRows::inWindow).count();
      assertThat(ImportResult.read(tmp.resolve("import.json")).stagedRows()).isEqualTo(inWindow);

      Path partition = tmp.resolve("lake/staging/ehr/observations/dt=2014-03-09");
      Path captured = tmp.resolve("oozie-output.properties");
      List<String> args = List.of("--catalog", home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH).toString(),
          "--table", "observations", "--connect", db.url, "--username", db.user, "--password-alias", ALIAS,
          "--credential-provider", provider, "--window-start", "2014-03-09 00:00:00",
          "--window-end", "2014-03-10 00:00:00", "--target-dir", staged.toString(), "--publish-to", partition.toString(),
          "--result-file", tmp.resolve("verify.json").toString());

      // a row added to the window after the import: the counts differ, nothing is published
      try (Connection c = java.sql.DriverManager.getConnection(db.url, db.user, PASSWORD);
          java.sql.Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE observations SET last_modified = TIMESTAMP '2014-03-09 12:00:00' "
            + "WHERE last_modified >= TIMESTAMP '2014-03-10 00:00:00'");
      }
      Run mismatch = verify(new Configuration(), args);
      assertThat(mismatch.exit()).isEqualTo(VerifyImport.EXIT_FAILED);
      assertThat(mismatch.err()).startsWith("IMPORT FAILED: table ehr.observations: staged " + inWindow
          + " Avro records but counted " + (inWindow + 1) + " source rows");
      assertThat(partition).doesNotExist();
      assertThat(ImportResult.read(tmp.resolve("verify.json")).status()).isEqualTo(ImportResult.FAILED);
      try (Connection c = java.sql.DriverManager.getConnection(db.url, db.user, PASSWORD);
          java.sql.Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE observations SET last_modified = TIMESTAMP '2014-03-10 00:00:00' "
            + "WHERE last_modified = TIMESTAMP '2014-03-09 12:00:00'");
      }

      // an old partition exists (a rerun): replaced, _SUCCESS written last, stagedRows handed to Oozie
      Files.createDirectories(partition);
      Files.writeString(partition.resolve("part-m-00000.avro"), "yesterday's rerun");
      System.setProperty(VerifyImport.OOZIE_OUTPUT_PROPERTIES, captured.toString());
      Run ok;
      try {
        ok = verify(new Configuration(), args);
      } finally {
        System.clearProperty(VerifyImport.OOZIE_OUTPUT_PROPERTIES);
      }
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(staged).doesNotExist();
      assertThat(partition.resolve("_SUCCESS")).exists();
      assertThat(StagedAvro.inspect(partition.toString(), new Configuration()).records()).isEqualTo(inWindow);
      assertThat(Files.readString(partition.resolve("part-m-00000.avro"), StandardCharsets.ISO_8859_1))
          .doesNotContain("yesterday");
      try (java.io.Reader r = Files.newBufferedReader(captured)) {
        Properties p = new Properties();
        p.load(r);
        assertThat(p.getProperty("stagedRows")).isEqualTo(Long.toString(inWindow));
      }

      // nothing staged any more (or Sqoop committed nothing): no _SUCCESS, refused
      Files.createDirectories(staged);
      Run empty = verify(new Configuration(), args);
      assertThat(empty.err()).contains("has no _SUCCESS marker");
      assertThat(partition.resolve("_SUCCESS")).exists();
    }
  }

  @Test
  void theModeIsCheckedWhereTheFileSystemKeepsOneNotOnS3() {
    assertThat(CredentialAlias.modeIsEnforced(new org.apache.hadoop.fs.Path("file:/etc/carelake/sources.jceks"))).isTrue();
    assertThat(CredentialAlias.modeIsEnforced(new org.apache.hadoop.fs.Path("hdfs://nn:8020/etc/carelake/c.jceks"))).isTrue();
    assertThat(CredentialAlias.modeIsEnforced(new org.apache.hadoop.fs.Path("/etc/carelake/c.jceks"))).isTrue();
    assertThat(CredentialAlias.modeIsEnforced(new org.apache.hadoop.fs.Path("s3://carelake-prod-restricted/keys/c.jceks"))).isFalse();
    assertThat(CredentialAlias.modeIsEnforced(new org.apache.hadoop.fs.Path("s3a://carelake-prod-restricted/keys/c.jceks"))).isFalse();
  }

  @Test
  void aStoreOthersCanReadAMissingAliasAndMixedCredentialsAreRefused(@TempDir Path tmp) throws Exception {
    Path store = tmp.resolve("sources.jceks");
    String provider = createStore(store, ALIAS, PASSWORD);
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
    Configuration conf = new Configuration();
    assertThat(assertFails(() -> CredentialAlias.configure(conf, provider)))
        .contains("accessible to group or others").contains("chmod 400").doesNotContain(PASSWORD);

    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("r--------"));
    CredentialAlias.configure(conf, provider);
    assertThat(CredentialAlias.read(conf, ALIAS)).isEqualTo(PASSWORD);
    conf.set("carelake.source.billing.password", "a clear-text property must not count");
    assertThat(assertFails(() -> CredentialAlias.read(conf, "carelake.source.billing.password")))
        .contains("is not in the credential provider").contains("hadoop credential create");
    assertThat(assertFails(() -> CredentialAlias.configure(conf, "jceks://file" + tmp.resolve("absent.jceks"))))
        .contains("cannot be read");

    assertThat(assertFails(() -> ImportRequest.parse(new String[] {"--catalog", "c", "--table", "t",
        "--options-file", "o", "--connect", "jdbc:h2:mem:x", "--password-file", "/p", "--password-alias", ALIAS,
        "--credential-provider", provider, "--target-dir", "t", "--work-dir", "w", "--mappers", "1",
        "--result-file", "r"}))).contains("not both");
  }

  private static String assertFails(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a failure");
  }
}
