package org.carelake.sqoop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/**
 * The check after an Oozie sqoop action (whose exit code alone proves nothing: a failed merge
 * returns 0): requires _SUCCESS, the bzip2 codec and as many Avro records as the source window
 * holds, then publishes the staged directory as the day's staging partition (the old one moved
 * aside, _SUCCESS written last) and writes the import result JSON. As an Oozie java action with
 * capture-output it hands {@code stagedRows} to the split action (--expected-rows).
 */
public final class VerifyImport {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 2;
  /** Oozie's java action: where a main with capture-output writes its output properties. */
  static final String OOZIE_OUTPUT_PROPERTIES = "oozie.action.output.properties";

  static final String USAGE = String.join("\n",
      "Usage: org.carelake.sqoop.VerifyImport --catalog FILE --table NAME --connect JDBC_URL [--username U]",
      "    [--password-file FILE | --password-alias ALIAS --credential-provider URI]",
      "    [--window-start 'yyyy-MM-dd HH:mm:ss' --window-end 'yyyy-MM-dd HH:mm:ss']",
      "    --target-dir DIR --publish-to DIR --result-file FILE",
      "Checks what Sqoop staged in --target-dir (_SUCCESS, bzip2, records = source COUNT(*) of the window),",
      "then moves it to --publish-to (replacing it; _SUCCESS last). Paths may be any Hadoop file system.",
      "Exit 0 when published; 2 with one stderr line 'IMPORT FAILED: ...' otherwise (nothing is published).");

  private static final List<String> OPTIONS = List.of("--catalog", "--table", "--connect", "--username",
      "--password-file", "--password-alias", "--credential-provider", "--window-start", "--window-end",
      "--target-dir", "--publish-to", "--result-file");

  private VerifyImport() {
  }

  public static void main(String[] args) {
    System.exit(run(args, new Configuration(), System.out, System.err));
  }

  static int run(String[] args, Configuration conf, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("--help")) {
      out.println(USAGE);
      return EXIT_OK;
    }
    Map<String, String> a;
    try {
      a = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(ImportTable.FAILURE_PREFIX + "bad arguments: " + e.getMessage());
      return EXIT_FAILED;
    }
    String table = a.get("--table");
    Long sourceRows = null;
    StagedAvro.Summary staged = null;
    Optional<ImportWindow> window = Optional.empty();
    String source = null;
    try {
      if (a.containsKey("--window-start") != a.containsKey("--window-end")) {
        throw new IllegalArgumentException("give both --window-start and --window-end, or neither for a full table");
      }
      if (a.containsKey("--window-start")) {
        window = Optional.of(ImportWindow.parse(a.get("--window-start"), a.get("--window-end")));
      }
      TableSpec spec = DataCatalog.load(java.nio.file.Path.of(a.get("--catalog"))).table(table);
      source = spec.source();
      SqlDialect dialect = SqlDialect.ofUrl(a.get("--connect"));
      Optional<java.nio.file.Path> passwordFile = Optional.ofNullable(a.get("--password-file")).map(java.nio.file.Path::of);
      passwordFile.ifPresent(PasswordFile::requirePrivate);
      if (a.containsKey("--password-alias") != a.containsKey("--credential-provider")) {
        throw new IllegalArgumentException("give --password-alias and --credential-provider together");
      }
      Optional.ofNullable(a.get("--credential-provider")).ifPresent(p -> CredentialAlias.configure(conf, p));
      try (Connection c = ImportTable.connect(a.get("--connect"), Optional.ofNullable(a.get("--username")), passwordFile,
          Optional.ofNullable(a.get("--password-alias")), dialect, conf)) {
        sourceRows = SourceRowCount.count(c, spec, dialect, window);
      } catch (SQLException e) {
        throw new ImportFailure("cannot close the source connection (" + e.getMessage() + ")", e);
      }
      try {
        staged = StagedAvro.inspect(a.get("--target-dir"), conf);
      } catch (IOException e) {
        throw new ImportFailure("cannot read the staged Avro files in " + a.get("--target-dir") + " (" + e.getMessage()
            + "); rerun the import", e);
      }
      // exit code 0: the sqoop action succeeded, or Oozie would not have run this one
      ImportTable.verifyStaged(0, staged, sourceRows, a.get("--target-dir"));
      publish(new Path(a.get("--target-dir")), new Path(a.get("--publish-to")), conf);
    } catch (ImportFailure | IllegalArgumentException | org.carelake.catalog.CatalogException e) {
      String label = source == null ? table : source + "." + table;
      writeResult(a, conf, result(a, table, source, sourceRows, staged, window, ImportResult.FAILED, e.getMessage()), err);
      err.println(ImportTable.FAILURE_PREFIX + "table " + label + ": " + ImportTable.oneLine(e.getMessage()));
      return EXIT_FAILED;
    }
    ImportResult result = result(a, table, source, sourceRows, staged, window, ImportResult.SUCCEEDED, null);
    if (!writeResult(a, conf, result, err)) {
      return EXIT_FAILED;
    }
    captureOutput(result, err);
    out.println("Verified and published " + source + "." + table + ": " + staged.records() + " rows = source window, "
        + "codec " + String.join(",", staged.codecs()) + ", at " + a.get("--publish-to"));
    return EXIT_OK;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!OPTIONS.contains(args[i])) {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'; see --help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value; see --help");
      }
      v.put(args[i], args[++i]);
    }
    for (String required : List.of("--catalog", "--table", "--connect", "--target-dir", "--publish-to", "--result-file")) {
      if (!v.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required; see --help");
      }
    }
    return v;
  }

  /**
   * Moves {@code staged} to {@code partition}: the old partition aside first, _SUCCESS removed
   * before the move and written last, so a reader never takes a half-published day as complete.
   */
  static void publish(Path staged, Path partition, Configuration conf) {
    try {
      FileSystem fs = partition.getFileSystem(conf);
      fs.delete(new Path(staged, StagedAvro.SUCCESS_MARKER), false);
      fs.mkdirs(partition.getParent());
      Path old = new Path(partition.getParent(), "." + partition.getName() + ".replaced-" + System.nanoTime());
      boolean hadOld = fs.exists(partition);
      if (hadOld && !fs.rename(partition, old)) {
        throw new ImportFailure("cannot move the existing partition " + partition + " aside; check permissions on "
            + partition.getParent());
      }
      if (!fs.rename(staged, partition)) {
        if (hadOld) {
          fs.rename(old, partition);
        }
        throw new ImportFailure("cannot rename " + staged + " to " + partition + "; both must be on one file system");
      }
      fs.create(new Path(partition, StagedAvro.SUCCESS_MARKER), true).close();
      if (hadOld) {
        fs.delete(old, true);
      }
    } catch (IOException e) {
      throw new ImportFailure("cannot publish " + staged + " as " + partition + " (" + e.getMessage() + ")", e);
    }
  }

  private static ImportResult result(Map<String, String> a, String table, String source, Long sourceRows,
      StagedAvro.Summary staged, Optional<ImportWindow> window, String status, String error) {
    return new ImportResult(table, source, sourceRows, staged == null ? null : staged.records(),
        staged == null ? List.of() : new ArrayList<>(staged.files()), staged == null ? null : staged.bytes(), null,
        staged == null ? null : String.join(",", staged.codecs()),
        window.map(w -> ImportWindow.format(w.start())).orElse(null),
        window.map(w -> ImportWindow.format(w.end())).orElse(null), status,
        error == null ? null : ImportTable.oneLine(error));
  }

  private static boolean writeResult(Map<String, String> a, Configuration conf, ImportResult result, PrintStream err) {
    Path file = new Path(a.get("--result-file"));
    try (OutputStream o = file.getFileSystem(conf).create(file, true)) {
      o.write(result.toJson().getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (IOException e) {
      err.println(ImportTable.FAILURE_PREFIX + "cannot write result file " + file + " (" + e.getMessage()
          + "); check --result-file");
      return false;
    }
  }

  /** stagedRows and sourceRows for the next Oozie action: ${wf:actionData('verify-T')['stagedRows']}. */
  private static void captureOutput(ImportResult result, PrintStream err) {
    String file = System.getProperty(OOZIE_OUTPUT_PROPERTIES);
    if (file == null) {
      return;
    }
    Properties p = new Properties();
    p.setProperty("stagedRows", Long.toString(result.stagedRows()));
    p.setProperty("sourceRows", Long.toString(result.sourceRows()));
    try (OutputStream o = Files.newOutputStream(java.nio.file.Path.of(file))) {
      p.store(o, "CareLake VerifyImport");
    } catch (IOException e) {
      err.println("cannot write the Oozie output properties " + file + ": " + e.getMessage());
    }
  }
}
