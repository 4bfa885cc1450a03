package org.carelake.sources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * Loads a Synthea CSV export into the source databases (EHR and billing), one table per
 * catalog table, with the row_id and last_modified columns the nightly import relies on.
 *
 * <p>Every file is read and every value parsed before the first row is written, so a bad
 * header, a missing file or an unparseable value fails the load with nothing written; a table
 * the database rejects is rolled back on its own (one transaction per table).
 */
public final class SyntheaCsvLoader {
  public static final ZoneId DEFAULT_FACILITY_ZONE = ZoneId.of("America/New_York");
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private static final System.Logger LOG = System.getLogger(SyntheaCsvLoader.class.getName());

  private final Path csvDirectory;
  private final DataCatalog catalog;
  private final Map<String, Database> databases;
  private final LocalDate modifiedOn;
  private final ZoneId facilityZone;
  private final boolean replaceTables;
  private final int batchSize;
  private final Set<String> absentColumnsAsNull;

  private SyntheaCsvLoader(AbstractBuilder<?> b) {
    this.csvDirectory = b.csvDirectory;
    this.catalog = b.catalog;
    this.databases = Map.copyOf(b.databases);
    this.modifiedOn = b.modifiedOn;
    this.facilityZone = b.facilityZone;
    this.replaceTables = b.replaceTables;
    this.batchSize = b.batchSize;
    this.absentColumnsAsNull = Set.copyOf(b.absentColumnsAsNull);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Loads every catalog table; returns rows per table in catalog order. */
  public LoadReport load() {
    List<String> skipped = skippedFiles();
    List<SyntheaCsvFile> files = openAll();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (SyntheaCsvFile csv : files) {
      counts.put(csv.table().name(), validate(csv));
    }
    Map<String, Connection> connections = new LinkedHashMap<>();
    try {
      List<LoadReport.TableLoad> loads = new ArrayList<>();
      for (SyntheaCsvFile csv : files) {
        Database db = databases.get(csv.table().source());
        Connection c = connections.get(db.source);
        if (c == null) {
          c = db.connect();
          connections.put(db.source, c);
        }
        LoadReport.TableLoad load = new TableWriter(c, db.dialect, db.label(), batchSize)
            .write(csv, new FieldParser(facilityZone, db.dialect), modifiedOn, counts.get(csv.table().name()),
                replaceTables);
        LOG.log(System.Logger.Level.INFO, () -> String.format(Locale.ROOT, "Loaded %s.%s: %d rows", load.source(),
            load.table(), load.rows()));
        loads.add(load);
      }
      return new LoadReport(modifiedOn, facilityZone, loads, skipped);
    } finally {
      for (Connection c : connections.values()) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // nothing is pending: every table committed or rolled back
        }
      }
    }
  }

  /** CSV files that name no catalog table: reported, not loaded. */
  private List<String> skippedFiles() {
    try (Stream<Path> list = Files.list(csvDirectory)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv"))
          .filter(n -> !catalog.hasTable(n.substring(0, n.length() - ".csv".length()))).sorted().toList();
    } catch (IOException e) {
      throw new LoadException("Cannot list the CSV directory " + csvDirectory + " (" + e.getClass().getSimpleName()
          + "); check that it exists and is readable");
    }
  }

  private List<SyntheaCsvFile> openAll() {
    List<String> missing = catalog.tables().stream().map(t -> csvDirectory.resolve(t.name() + ".csv"))
        .filter(p -> !Files.isRegularFile(p)).map(Path::toString).toList();
    if (!missing.isEmpty()) {
      throw new LoadException("Missing CSV file(s) for catalog tables: " + String.join(", ", missing)
          + "; export them with Synthea (GenerateSyntheaCsv writes every catalog table) or point "
          + "csvDirectory at a complete export");
    }
    return catalog.tables().stream().map(t -> SyntheaCsvFile.open(csvDirectory.resolve(t.name() + ".csv"), t,
        absentColumnsAsNull.stream().filter(q -> q.startsWith(t.name() + "."))
            .map(q -> q.substring(t.name().length() + 1)).collect(Collectors.toSet())))
        .toList();
  }

  /** Parses every field of the file as its target database will receive it; returns the record count. */
  private long validate(SyntheaCsvFile csv) {
    FieldParser parser = new FieldParser(facilityZone, databases.get(csv.table().source()).dialect);
    List<ColumnSpec> columns = csv.dataColumns();
    try {
      return csv.forEachRecord((fields, line) -> {
        String where = csv.file() + ":" + line;
        for (int i = 0; i < fields.length; i++) {
          parser.parse(fields[i], columns.get(i), where);
        }
      });
    } catch (SQLException e) {
      throw new AssertionError("validation touches no database", e);
    }
  }

  /** A source database: URL and credentials (the password never appears in messages). */
  private static final class Database {
    final String source;
    final String url;
    final String user;
    final String password;
    final SqlDialect dialect;

    Database(String source, String url, String user, String password) {
      this.source = source;
      this.url = url;
      this.user = user;
      this.password = password;
      this.dialect = SqlDialect.ofUrl(url);
    }

    /** The URL without parameters (which may carry credentials). */
    String label() {
      int cut = url.length();
      for (char c : new char[] {';', '?'}) {
        int i = url.indexOf(c);
        if (i >= 0) {
          cut = Math.min(cut, i);
        }
      }
      return source + " (" + url.substring(0, cut) + ")";
    }

    Connection connect() {
      try {
        return DriverManager.getConnection(url, user, password);
      } catch (SQLException e) {
        throw new LoadException("Cannot connect to the " + label() + " database as user '" + user + "' ("
            + TableWriter.describe(e) + "); check that the database is running and the URL, user and "
            + "password are right");
      }
    }
  }

  /**
   * Options of a load. Self-typed so that a subclass (a command-line front end, a test fixture)
   * can add options and still chain these.
   */
  public abstract static class AbstractBuilder<B extends AbstractBuilder<B>> {
    private Path csvDirectory;
    private DataCatalog catalog;
    private final Map<String, Database> databases = new LinkedHashMap<>();
    private LocalDate modifiedOn;
    private ZoneId facilityZone = DEFAULT_FACILITY_ZONE;
    private boolean replaceTables;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private final Set<String> absentColumnsAsNull = new TreeSet<>();

    protected abstract B self();

    /** The folder holding &lt;table&gt;.csv files (a flat Synthea CSV export). */
    public B csvDirectory(Path dir) {
      this.csvDirectory = dir;
      return self();
    }

    public B catalog(DataCatalog dataCatalog) {
      this.catalog = dataCatalog;
      return self();
    }

    /** The database of one catalog source ("ehr", "billing"): H2, PostgreSQL or MariaDB JDBC URL. */
    public B database(String source, String jdbcUrl, String user, String password) {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(jdbcUrl, "jdbcUrl for source " + source);
      databases.put(source, new Database(source, jdbcUrl, user, password));
      return self();
    }

    /** The business date every loaded row gets as last_modified (times spread over the day). */
    public B modifiedOn(LocalDate date) {
      this.modifiedOn = date;
      return self();
    }

    /** The facility's time zone: Synthea's UTC instants are stored as local time there. */
    public B facilityZone(ZoneId zone) {
      this.facilityZone = zone;
      return self();
    }

    /** true: drop and recreate every table; false (default): create missing tables and append. */
    public B replaceTables(boolean replace) {
      this.replaceTables = replace;
      return self();
    }

    /** Rows per JDBC batch (default 1000). */
    public B batchSize(int rows) {
      this.batchSize = rows;
      return self();
    }

    /**
     * Catalog columns ("table.column") that may be absent from the CSV header; their rows get
     * NULL. For exports of another Synthea version than the catalog's (Synthea 3.3 added
     * patients.middle, conditions.system and procedures.system). Required columns cannot be
     * listed. By default every catalog column must be in the CSV.
     */
    public B absentColumnsAsNull(String... qualifiedColumns) {
      absentColumnsAsNull.addAll(List.of(qualifiedColumns));
      return self();
    }

    public SyntheaCsvLoader build() {
      require(csvDirectory != null, "No CSV directory; call csvDirectory(path) with a flat Synthea CSV export");
      require(Files.isDirectory(csvDirectory), "CSV directory " + csvDirectory + " does not exist or is not "
          + "a directory; generate one with GenerateSyntheaCsv or pass the right path");
      require(catalog != null, "No data classification catalog; call catalog(DataCatalog.load(path))");
      require(modifiedOn != null, "No modifiedOn date; call modifiedOn(date): rows get last_modified on that "
          + "day, which the nightly import selects");
      require(facilityZone != null, "No facility time zone; call facilityZone(ZoneId.of(\"America/New_York\"))");
      require(batchSize > 0, "Batch size " + batchSize + " is not positive; use e.g. 1000");
      for (String source : databases.keySet()) {
        require(catalog.sources().containsKey(source), "Database given for source '" + source
            + "', which the catalog " + catalog.origin() + " does not know; use one of " + catalog.sources().keySet());
      }
      for (TableSpec t : catalog.tables()) {
        require(databases.containsKey(t.source()), String.format(Locale.ROOT,
            "No database for source '%s' (table %s); call database(\"%s\", jdbcUrl, user, password), e.g. with "
            + "SourceDatabases.embeddedH2Url(dir, \"%s\")", t.source(), t.name(), t.source(), t.source()));
      }
      for (String q : absentColumnsAsNull) {
        int dot = q.indexOf('.');
        require(dot > 0 && catalog.hasTable(q.substring(0, dot)), "absentColumnsAsNull('" + q + "') names no catalog "
            + "table; write table.column, e.g. patients.middle");
        TableSpec t = catalog.table(q.substring(0, dot));
        String column = q.substring(dot + 1);
        require(SyntheaCsvFile.dataColumns(t).stream().anyMatch(c -> c.name().equals(column)), "absentColumnsAsNull('"
            + q + "'): table " + t.name() + " has no CSV column '" + column + "' in " + catalog.origin());
        require(!t.requireColumn(column).required(), "absentColumnsAsNull('" + q + "'): the catalog marks the "
            + "column required, so it cannot be NULL; export it");
      }
      return new SyntheaCsvLoader(this);
    }

    private static void require(boolean test, String message) {
      if (!test) {
        throw new LoadException(message);
      }
    }
  }

  /** The builder {@link #builder()} returns. */
  public static final class Builder extends AbstractBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
