package org.carelake.sqoop;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.CatalogException;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/**
 * The import child process: imports one catalog table's window with Sqoop into bzip2 Avro
 * staging files, then trusts only what it reads back. Steps: check the options file and the
 * source columns against the catalog, count the source rows, run Sqoop in-process in a private
 * work directory, require _SUCCESS and as many Avro records as source rows, write the result JSON.
 * See {@link ImportRequest#USAGE} for the command line.
 */
public final class ImportTable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 2;
  /** Every failure ends with one stderr line starting with this. */
  public static final String FAILURE_PREFIX = "IMPORT FAILED: ";

  /** Loggers whose INFO lines print split bounds (row_id values); kept strongly reachable. */
  private static final String[] QUIET_JUL_LOGGERS = {"org.apache.sqoop.mapreduce.db", "com.cloudera.sqoop.mapreduce.db"};
  private static final Logger[] QUIETED = new Logger[QUIET_JUL_LOGGERS.length];

  private ImportTable() {
  }

  public static void main(String[] args) {
    // MariaDB Connector/J 3.5 formats DATETIME for getString through the JVM zone: a time in a
    // DST gap (2014-03-09 02:27 in America/New_York) comes back an hour later. UTC has no gaps.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    // stderr is the failure channel: everything else (Sqoop, Hadoop, javac's notes on the
    // generated class) goes to stdout, so the caller can show stderr as the reason
    PrintStream failures = System.err;
    System.setErr(System.out);
    configureLogging();
    System.exit(run(args, System.out, failures));
  }

  /** Runs one import; returns the exit code. Progress goes to {@code out}, the failure line to {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> list = Arrays.asList(args);
    if (list.contains("--help") || list.contains("-h")) {
      out.println(ImportRequest.USAGE);
      return EXIT_OK;
    }
    ImportRequest request;
    try {
      request = ImportRequest.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(FAILURE_PREFIX + "bad arguments: " + e.getMessage().replaceAll("[\\r\\n]+", " "));
      return EXIT_FAILED;
    }
    Outcome outcome = new Outcome(request);
    try {
      importTable(request, outcome, out);
      outcome.status = ImportResult.SUCCEEDED;
    } catch (ImportFailure e) {
      outcome.fail(e.getMessage());
    } catch (CatalogException | IllegalArgumentException | UncheckedIOException e) {
      outcome.fail(oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      e.printStackTrace(out);
      outcome.fail("unexpected " + e.getClass().getName() + ": " + oneLine(e.getMessage())
          + "; see the stack trace in the log and report it");
    }
    ImportResult result = outcome.result();
    try {
      result.write(request.resultFile());
    } catch (IOException | RuntimeException e) {
      err.println(FAILURE_PREFIX + "table " + outcome.label() + ": cannot write result file " + request.resultFile()
          + " (" + e.getMessage() + "); check --result-file");
      return EXIT_FAILED;
    }
    if (!result.succeeded()) {
      err.println(FAILURE_PREFIX + "table " + outcome.label() + ": " + result.error());
      return EXIT_FAILED;
    }
    out.println("Imported " + outcome.label() + ": " + result.stagedRows() + " rows in " + result.files().size()
        + " files, " + result.bytes() + " bytes, codec " + result.avroCodec() + "; result in " + request.resultFile());
    return EXIT_OK;
  }

  private static void importTable(ImportRequest request, Outcome outcome, PrintStream out) {
    DataCatalog catalog = DataCatalog.load(request.catalog());
    TableSpec table = catalog.table(request.table());
    outcome.source = table.source();
    SqlDialect dialect = SqlDialect.ofUrl(request.connect());
    request.passwordFile().ifPresent(PasswordFile::requirePrivate);
    Configuration fsConf = LocalSqoopConf.forFileSystem();
    request.credentialProvider().ifPresent(p -> CredentialAlias.configure(fsConf, p));
    OptionsFile options = OptionsFile.readChecked(request.optionsFile(), table);

    requireAbsentTarget(request.targetDir(), fsConf);

    Map<String, String> sourceNames;
    try (Connection connection = connect(request.connect(), request.username(), request.passwordFile(),
        request.passwordAlias(), dialect, fsConf)) {
      sourceNames = SourceColumns.check(connection, table, dialect, catalog.origin());
      outcome.sourceRows = SourceRowCount.count(connection, table, dialect, request.window());
    } catch (SQLException e) {
      throw new ImportFailure("cannot close the source connection (" + e.getMessage() + ")", e);
    }
    out.println("Source " + table + ": " + outcome.sourceRows + " rows to import"
        + request.window().map(w -> " with last_modified in [" + ImportWindow.format(w.start()) + ", "
            + ImportWindow.format(w.end()) + ")").orElse(" (full import)"));

    Optional<String> where = request.window().map(w -> w.predicate(dialect));
    PrivateWorkDir work = PrivateWorkDir.create(request.workDir());
    try {
      Configuration conf = LocalSqoopConf.forRun(work.path(), request.mappers());
      request.credentialProvider().ifPresent(p -> conf.set(CredentialAlias.PROVIDER_PATH, p));
      List<String> sqoopArgs = SqoopImport.arguments(options.withSourceNames(sourceNames), request.connect(), dialect,
          request.username(), request.passwordFile().map(PasswordFile::sqoopPath), request.passwordAlias(), where,
          request.targetDir(), request.mappers(), work);
      out.println("Running Sqoop import of " + table + " with " + request.mappers() + " mapper(s)");
      outcome.sqoopExitCode = SqoopImport.run(sqoopArgs, conf, work);
    } finally {
      work.close();
    }

    StagedAvro.Summary staged;
    try {
      staged = StagedAvro.inspect(request.targetDir(), fsConf);
    } catch (IOException e) {
      throw new ImportFailure("cannot read the staged Avro files in " + request.targetDir() + " (" + e.getMessage()
          + "); delete the directory and rerun", e);
    }
    outcome.stagedRows = staged.records();
    outcome.files = staged.files();
    outcome.bytes = staged.bytes();
    outcome.avroCodec = String.join(",", staged.codecs());
    verifyStaged(outcome.sqoopExitCode, staged, outcome.sourceRows, request.targetDir());
  }

  /**
   * Sqoop's exit code is not enough (a failed merge returns 0, see STACK.md): require the
   * commit marker, the bzip2 codec and one staged record per counted source row.
   */
  static void verifyStaged(int sqoopExitCode, StagedAvro.Summary staged, long sourceRows, String targetDir) {
    String rerun = "; delete " + targetDir + " before rerunning";
    if (sqoopExitCode != 0) {
      throw new ImportFailure("Sqoop exited with code " + sqoopExitCode + "; see the Sqoop log above "
          + "(connection, permissions, column mapping)" + rerun);
    }
    if (!staged.success()) {
      throw new ImportFailure("Sqoop returned 0 but " + targetDir + " has no " + StagedAvro.SUCCESS_MARKER
          + " marker, so the job did not commit; see the Sqoop log above" + rerun);
    }
    if (!staged.codecs().equals(List.of(SqoopOptionsFiles.CODEC))) {
      throw new ImportFailure("the staged Avro files use codec(s) " + staged.codecs() + ", not "
          + SqoopOptionsFiles.CODEC + "; check the options file (--compress --compression-codec bzip2)" + rerun);
    }
    if (staged.records() != sourceRows) {
      throw new ImportFailure("staged " + staged.records() + " Avro records but counted " + sourceRows
          + " source rows to import; the source changed during the import or rows were lost" + rerun);
    }
  }

  private static void requireAbsentTarget(String targetDir, Configuration conf) {
    try {
      Path target = new Path(targetDir);
      if (target.getFileSystem(conf).exists(target)) {
        throw new ImportFailure("target directory " + targetDir + " already exists; delete it (a rerun rebuilds the "
            + "whole partition) or pass the right --target-dir");
      }
    } catch (IOException e) {
      throw new ImportFailure("cannot check target directory " + targetDir + " (" + e.getMessage() + ")", e);
    }
  }

  /** A JDBC connection with the password from the file or the credential alias (never from an argument). */
  static Connection connect(String url, Optional<String> username, Optional<java.nio.file.Path> passwordFile,
      Optional<String> passwordAlias, SqlDialect dialect, Configuration conf) {
    Properties props = new Properties();
    username.ifPresent(u -> props.setProperty("user", u));
    passwordFile.ifPresent(p -> props.setProperty("password", PasswordFile.read(p, conf)));
    passwordAlias.ifPresent(a -> props.setProperty("password", CredentialAlias.read(conf, a)));
    try {
      return DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      throw new ImportFailure("cannot connect to the " + dialect + " source (" + oneLine(e.getMessage())
          + "); check --connect, --username and --password-file / --password-alias", e);
    }
  }

  static String oneLine(String s) {
    return s == null ? "(no message)" : s.replaceAll("[\\r\\n]+", " ").trim();
  }

  /**
   * Routes Sqoop's java.util.logging output and Hadoop's slf4j-simple output to stdout, one line
   * per record, so stderr carries only the failure line; silences the loggers that print row_id
   * split bounds. Must run before any logger is created.
   */
  static void configureLogging() {
    // the MariaDB driver logs server errors quoting the offending values (PHI) at WARN
    System.setProperty("mariadb.logging.disable", "true");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.mapred.MapTask", "warn");
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s - %5$s%6$s%n");
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler handler = new StreamHandler(System.out, new SimpleFormatter()) {
      @Override
      public synchronized void publish(java.util.logging.LogRecord record) {
        super.publish(record);
        flush();
      }
    };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    for (int i = 0; i < QUIET_JUL_LOGGERS.length; i++) {
      QUIETED[i] = Logger.getLogger(QUIET_JUL_LOGGERS[i]);
      QUIETED[i].setLevel(Level.WARNING);
    }
  }

  /** The result being assembled as the steps run. */
  private static final class Outcome {
    private final ImportRequest request;
    private String source;
    private Long sourceRows;
    private Long stagedRows;
    private List<String> files = List.of();
    private Long bytes;
    private Integer sqoopExitCode;
    private String avroCodec;
    private String status = ImportResult.FAILED;
    private String error;

    Outcome(ImportRequest request) {
      this.request = request;
    }

    void fail(String message) {
      status = ImportResult.FAILED;
      error = message;
    }

    String label() {
      return source == null ? request.table() : source + "." + request.table();
    }

    ImportResult result() {
      return new ImportResult(request.table(), source, sourceRows, stagedRows, files, bytes, sqoopExitCode, avroCodec,
          request.window().map(w -> ImportWindow.format(w.start())).orElse(null),
          request.window().map(w -> ImportWindow.format(w.end())).orElse(null), status, error);
    }
  }
}
