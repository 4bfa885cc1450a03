package org.carelake.pipeline.oozie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.carelake.catalog.CatalogException;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * The workflow's reconcile action: for each table of the day, rows in the source window (as
 * VerifyImport counted them) = rows staged = general + quarantined rows, and restricted = general
 * for tables with identifiers, every partition committed (_SUCCESS). The zone counts come from
 * the published Parquet footers, not from the job that wrote them. Writes a manifest JSON; exit
 * 0 reconciled, 2 not (the tables and why are printed), 64 bad arguments.
 */
public final class ReconcileDay {
  public static final int EXIT_OK = 0;
  public static final int EXIT_NOT_RECONCILED = 2;
  public static final int EXIT_USAGE = 64;

  static final String USAGE = "Usage: org.carelake.pipeline.oozie.ReconcileDay --catalog FILE --date YYYY-MM-DD "
      + "--tables all|T1,T2 --imports DIR --general-root R --restricted-root R --quarantine-root R --manifest FILE";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One table's counts; problems empty means reconciled. */
  record TableCounts(String table, long sourceRows, long stagedRows, long generalRows, long restrictedRows,
      long quarantinedRows, List<String> problems) {
  }

  private ReconcileDay() {
  }

  public static void main(String[] args) {
    System.exit(run(args, new Configuration(), System.out));
  }

  static int run(String[] args, Configuration conf, PrintStream out) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    List<String> missing = new ArrayList<>();
    for (String k : List.of("--catalog", "--date", "--tables", "--imports", "--general-root", "--restricted-root",
        "--quarantine-root", "--manifest")) {
      if (!a.containsKey(k)) {
        missing.add(k);
      }
    }
    if (!missing.isEmpty() || args.length % 2 != 0) {
      out.println("ReconcileDay: missing " + missing + "\n" + USAGE);
      return EXIT_USAGE;
    }
    LocalDate date;
    List<TableSpec> tables;
    try {
      date = LocalDate.parse(a.get("--date"));
      DataCatalog catalog = DataCatalog.load(java.nio.file.Path.of(a.get("--catalog")));
      tables = a.get("--tables").equals("all") ? catalog.tables()
          : java.util.Arrays.stream(a.get("--tables").split(",")).map(String::trim).map(catalog::table).toList();
    } catch (DateTimeParseException | CatalogException e) {
      out.println("ReconcileDay: " + e.getMessage() + "\n" + USAGE);
      return EXIT_USAGE;
    }
    List<TableCounts> counts = new ArrayList<>();
    for (TableSpec t : tables) {
      counts.add(reconcile(t, date, a, conf));
    }
    boolean reconciled = counts.stream().allMatch(c -> c.problems().isEmpty());
    try {
      writeManifest(new Path(a.get("--manifest")), date, counts, reconciled, conf);
    } catch (IOException e) {
      out.println("ReconcileDay: cannot write the manifest " + a.get("--manifest") + ": " + e.getMessage());
      return EXIT_NOT_RECONCILED;
    }
    for (TableCounts c : counts) {
      out.printf("%-22s source %8d  staged %8d  general %8d  quarantined %6d  restricted %8d  %s%n", c.table(),
          c.sourceRows(), c.stagedRows(), c.generalRows(), c.quarantinedRows(), c.restrictedRows(),
          c.problems().isEmpty() ? "reconciled" : "NOT RECONCILED: " + String.join("; ", c.problems()));
    }
    out.println(reconciled ? "Day " + date + " reconciled: every row read was written or quarantined."
        : "Day " + date + " does NOT reconcile; rerun it: scripts/carelake backfill --from " + date + " --to " + date
            + " --force");
    return reconciled ? EXIT_OK : EXIT_NOT_RECONCILED;
  }

  static TableCounts reconcile(TableSpec t, LocalDate date, Map<String, String> a, Configuration conf) {
    List<String> problems = new ArrayList<>();
    long source = -1;
    long staged = -1;
    Path importResult = new Path(a.get("--imports"), t.name() + ".json");
    try (InputStream in = importResult.getFileSystem(conf).open(importResult)) {
      JsonNode r = JSON.readTree(in);
      source = r.path("sourceRows").asLong(-1);
      staged = r.path("stagedRows").asLong(-1);
      if (!"SUCCEEDED".equals(r.path("status").asText())) {
        problems.add("the import check did not succeed: " + r.path("error").asText());
      }
    } catch (IOException e) {
      problems.add("no import result " + importResult + " (" + e.getMessage() + ")");
    }
    String partition = t.name() + "/dt=" + date;
    long general = rows(new Path(a.get("--general-root"), partition), conf, problems);
    long quarantined = rows(new Path(a.get("--quarantine-root"), partition), conf, problems);
    long restricted = t.hasRestrictedZone() ? rows(new Path(a.get("--restricted-root"), partition), conf, problems) : 0;
    if (source != staged) {
      problems.add("source window " + source + " != staged " + staged);
    }
    if (general + quarantined != staged) {
      problems.add("general " + general + " + quarantined " + quarantined + " != staged " + staged);
    }
    if (t.hasRestrictedZone() && restricted != general) {
      problems.add("restricted " + restricted + " != general " + general);
    }
    return new TableCounts(t.name(), source, staged, general, restricted, quarantined, problems);
  }

  /** Rows in a published partition, from the Parquet footers; 0 and a problem if it is not committed. */
  static long rows(Path partition, Configuration conf, List<String> problems) {
    try {
      FileSystem fs = partition.getFileSystem(conf);
      if (!fs.exists(new Path(partition, "_SUCCESS"))) {
        problems.add(partition + " has no _SUCCESS (not published)");
        return 0;
      }
      long rows = 0;
      for (FileStatus f : fs.listStatus(partition)) {
        String n = f.getPath().getName();
        if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
          try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(f, conf))) {
            rows += reader.getRecordCount();
          }
        }
      }
      return rows;
    } catch (IOException | RuntimeException e) {
      problems.add("cannot count " + partition + " (" + e.getMessage() + ")");
      return 0;
    }
  }

  private static void writeManifest(Path file, LocalDate date, List<TableCounts> counts, boolean reconciled,
      Configuration conf) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("business_date", date.toString());
    m.put("status", reconciled ? "SUCCEEDED" : "NOT_RECONCILED");
    List<Map<String, Object>> tables = new ArrayList<>();
    for (TableCounts c : counts) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("table", c.table());
      t.put("source_rows", c.sourceRows());
      t.put("staged_rows", c.stagedRows());
      t.put("general_rows", c.generalRows());
      t.put("restricted_rows", c.restrictedRows());
      t.put("quarantined_rows", c.quarantinedRows());
      t.put("reconciled", c.problems().isEmpty());
      t.put("problems", c.problems());
      tables.add(t);
    }
    m.put("tables", tables);
    try (OutputStream o = file.getFileSystem(conf).create(file, true)) {
      JSON.writeValue(o, m);
    }
  }
}
