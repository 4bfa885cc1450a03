package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real import, end to end, on H2, PostgreSQL and MariaDB: ImportTable in its own JVM (time
 * zone America/New_York) imports observations and claims_transactions for one window and patients
 * in full; every column of every staged Avro record must equal what the database holds, the
 * window must select exactly the rows inside it, and nothing may be left behind.
 */
class LosslessImportTest {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final DateTimeFormatter AVRO_TIMESTAMP = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd HH:mm:ss").optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);

  private static DataCatalog catalog;
  private static Path home;

  @BeforeAll
  static void loadCatalog() {
    home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void importsEveryValueExactlyAndOnlyTheWindow(SqlDialect dialect, @TempDir Path tmp) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tmp)) {
      Map<String, List<Map<String, Object>>> inserted = new HashMap<>();
      for (String name : List.of("observations", "claims_transactions", "patients")) {
        TableSpec table = catalog.table(name);
        db.createTable(table);
        List<Map<String, Object>> rows = SourceRows.rows(table);
        try (Connection c = db.connect()) {
          SourceRows.insert(c, table, dialect, rows);
        }
        inserted.put(name, rows);
      }
      Path passwordFile = null;
      if (dialect == SqlDialect.POSTGRESQL) {
        // trust auth ignores the password; this exercises the 0400 check and Sqoop's --password-file
        passwordFile = tmp.resolve("pg.password");
        Files.writeString(passwordFile, "not-needed-with-trust-auth");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("r--------"));
      }
      importAndCompare(db, catalog.table("observations"), true, 2, passwordFile, inserted, tmp);
      importAndCompare(db, catalog.table("claims_transactions"), true, 1, passwordFile, inserted, tmp);
      importAndCompare(db, catalog.table("patients"), false, 2, passwordFile, inserted, tmp);
    }
  }

  private void importAndCompare(TestDatabase db, TableSpec table, boolean windowed, int mappers, Path passwordFile,
      Map<String, List<Map<String, Object>>> inserted, Path tmp) throws Exception {
    Path runDir = Files.createDirectories(tmp.resolve("run-" + table.name()));
    Path cwd = Files.createDirectories(runDir.resolve("cwd"));
    Path target = runDir.resolve("lake/staging/" + table.source() + "/" + table.name() + "/dt=2014-03-09");
    Path work = runDir.resolve("work");
    Path resultFile = runDir.resolve("result.json");
    ImportRequest.Builder request = ImportRequest.builder()
        .catalog(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH)).table(table.name())
        .optionsFile(home.resolve("sqoop-jobs").resolve(SqoopOptionsFiles.relativePath(table)))
        .connect(db.url).username(db.user).passwordFile(passwordFile)
        .targetDir(target.toString()).workDir(work).mappers(mappers).resultFile(resultFile);
    if (windowed) {
      request.window(new ImportWindow(SourceRows.WINDOW_START, SourceRows.WINDOW_END));
    }

    ImportChild.Run run = ImportChild.run(request.build().toArguments(), cwd, runDir);

    String where = db.label() + " " + table.name() + " (logs in " + runDir + ")";
    assertThat(run.exitCode()).as("exit code of %s; stderr: %s", where, run.stderr()).isZero();
    assertThat(run.stderr()).as("stderr is the failure channel").isEmpty();

    List<Map<String, Object>> expected = inserted.get(table.name()).stream()
        .filter(r -> !windowed || SourceRows.inWindow(r)).toList();
    assertThat(expected).hasSize(windowed ? SourceRows.CONTENT_ROWS + 2 : SourceRows.CONTENT_ROWS + 4);

    ImportResult result = ImportResult.read(resultFile);
    StagedRecords staged = StagedRecords.read(target);
    assertThat(result.status()).isEqualTo(ImportResult.SUCCEEDED);
    assertThat(result.sqoopExitCode()).isZero();
    assertThat(result.sourceRows()).isEqualTo(expected.size());
    assertThat(result.stagedRows()).isEqualTo(expected.size());
    assertThat(result.avroCodec()).isEqualTo("bzip2");
    assertThat(result.files()).hasSize(staged.files().size())
        .allSatisfy(f -> assertThat(f).startsWith("file:").contains("/part-m-").endsWith(".avro"));
    long bytes = 0;
    for (Path f : staged.files()) {
      bytes += Files.size(f);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as("mode of %s", f)
          .isEqualTo("rw-------");
    }
    assertThat(result.bytes()).isEqualTo(bytes);
    assertThat(target.resolve("_SUCCESS")).exists();
    assertThat(staged.codecs()).containsExactly("bzip2");

    // the window: exactly the rows with start <= last_modified < end, none twice
    List<Long> expectedIds = expected.stream().map(r -> (Long) r.get(TableSpec.ROW_ID)).sorted().toList();
    String rowIdField = fieldName(db.dialect, TableSpec.ROW_ID);
    List<Long> stagedIds = staged.records().stream().map(r -> (Long) r.get(rowIdField)).sorted().toList();
    assertThat(stagedIds).as("row_ids staged from %s", where).isEqualTo(expectedIds);

    // Avro field names: the source's spelling (H2 upper case), in catalog order; types as the split job reads them
    for (Schema schema : staged.schemas()) {
      assertThat(schema.getFields().stream().map(Schema.Field::name).toList())
          .isEqualTo(table.columnNames().stream().map(n -> fieldName(db.dialect, n)).toList());
      for (ColumnSpec col : table.columns()) {
        Schema type = schema.getField(fieldName(db.dialect, col.name())).schema();
        assertThat(type.getTypes().stream().map(Schema::getType).toList()).as("Avro type of %s", col.name())
            .containsExactly(Schema.Type.NULL, avroType(col));
      }
    }

    Map<Long, Map<String, Object>> insertedById = expected.stream()
        .collect(Collectors.toMap(r -> (Long) r.get(TableSpec.ROW_ID), r -> r));
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      for (GenericRecord record : staged.records()) {
        long id = (Long) record.get(rowIdField);
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + db.dialect.quote(table.name()) + " WHERE "
            + db.dialect.quote(TableSpec.ROW_ID) + " = " + id)) {
          assertThat(rs.next()).as("row %d in %s", id, where).isTrue();
          for (ColumnSpec col : table.columns()) {
            assertColumn(db.dialect, col, record.get(fieldName(db.dialect, col.name())), rs,
                insertedById.get(id).get(col.name()), where + " row_id " + id + " column " + col.name());
          }
        }
      }
    }

    // nothing left behind: the work dir is gone, the child's working directory is untouched
    assertThat(work).doesNotExist();
    try (Stream<Path> left = Files.list(cwd)) {
      assertThat(left.toList()).as("files left in the child's working directory").isEmpty();
    }
    // no row values and no split bounds (row_id values) in the child's logs
    assertThat(run.output()).doesNotContain(SourceRows.LOG_MARKER).doesNotContain("row_id >=")
        .doesNotContain("ROW_ID >=");
  }

  /** The non-null Avro type Sqoop writes for a catalog type (temporal columns mapped to String). */
  static Schema.Type avroType(ColumnSpec col) {
    return switch (col.type().kind()) {
      case BIGINT -> Schema.Type.LONG;
      case INT -> Schema.Type.INT;
      case DOUBLE -> Schema.Type.DOUBLE;
      default -> Schema.Type.STRING;
    };
  }

  /** The Avro field name Sqoop gives a catalog column: the source's spelling. */
  static String fieldName(SqlDialect dialect, String column) {
    return dialect == SqlDialect.H2 ? column.toUpperCase(Locale.ROOT) : column;
  }

  /**
   * The exact string each database gives for a timestamp in the Avro file (getString): H2 and
   * PostgreSQL drop trailing fractional zeros (and the fraction when it is zero), MariaDB always
   * prints six digits. Dates are yyyy-MM-dd everywhere; decimals are plain with the column's scale.
   */
  static String timestampForm(SqlDialect dialect, LocalDateTime t) {
    String micros = String.format(Locale.ROOT, "%06d", t.getNano() / 1000);
    if (dialect == SqlDialect.MARIADB) {
      return SECONDS.format(t) + "." + micros;
    }
    String trimmed = micros.replaceAll("0+$", "");
    return trimmed.isEmpty() ? SECONDS.format(t) : SECONDS.format(t) + "." + trimmed;
  }

  private static void assertColumn(SqlDialect dialect, ColumnSpec col, Object avro, ResultSet rs, Object inserted,
      String where) throws Exception {
    String name = col.name();
    Object db = rs.getObject(name);
    if (db == null) {
      assertThat(inserted).as("inserted value of %s", where).isNull();
      assertThat(avro).as("%s: NULL in the database must stay null", where).isNull();
      return;
    }
    assertThat(avro).as("%s is null in Avro but not in the database", where).isNotNull();
    String text = avro instanceof CharSequence ? avro.toString() : null;
    switch (col.type().kind()) {
      case ID, STRING, TEXT -> {
        assertThat(text).as(where).isEqualTo(rs.getString(name)).isEqualTo(inserted);
      }
      case DATE -> {
        assertThat(text).as(where).isEqualTo(rs.getString(name)).isEqualTo(inserted.toString());
        assertThat(LocalDate.parse(text)).isEqualTo(rs.getObject(name, LocalDate.class));
      }
      case TIMESTAMP -> {
        assertThat(text).as(where).isEqualTo(rs.getString(name))
            .isEqualTo(timestampForm(dialect, (LocalDateTime) inserted));
        assertThat(LocalDateTime.parse(text, AVRO_TIMESTAMP)).as(where)
            .isEqualTo(rs.getObject(name, LocalDateTime.class)).isEqualTo(inserted);
      }
      case DECIMAL -> {
        assertThat(text).as(where).isEqualTo(((BigDecimal) inserted).toPlainString());
        assertThat(new BigDecimal(text)).as(where).isEqualTo(rs.getBigDecimal(name));
      }
      case DOUBLE -> assertThat((Double) avro).as(where).isEqualTo(rs.getDouble(name)).isEqualTo(inserted);
      case INT -> assertThat((Integer) avro).as(where).isEqualTo(rs.getInt(name)).isEqualTo(inserted);
      case BIGINT -> assertThat((Long) avro).as(where).isEqualTo(rs.getLong(name)).isEqualTo(inserted);
      default -> throw new AssertionError(col);
    }
  }
}
