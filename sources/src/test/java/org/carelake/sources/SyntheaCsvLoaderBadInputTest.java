package org.carelake.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken exports fail with the file, line, column and fix named, and leave every table as it was. */
class SyntheaCsvLoaderBadInputTest {
  private static final LocalDate DAY = LocalDate.of(2024, 1, 15);

  @TempDir
  Path tmp;

  private final DataCatalog catalog = SampleData.catalog();
  private Path csv;
  private Map<String, Long> sampleCounts;

  @BeforeEach
  void loadTheGoodSampleFirst() throws IOException {
    csv = SampleData.copyOfSample(tmp.resolve("csv"));
    sampleCounts = SampleData.csvDataLines(csv, catalog);
    loader(SampleData.sampleDirectory(), true).build().load();
  }

  private SyntheaCsvLoader.Builder loader(Path dir, boolean replace) {
    return SampleData.loader().csvDirectory(dir).catalog(catalog)
        .database("ehr", SourceDatabases.embeddedH2Url(tmp.resolve("db"), "ehr"), "sa", "")
        .database("billing", SourceDatabases.embeddedH2Url(tmp.resolve("db"), "billing"), "sa", "")
        .modifiedOn(DAY.plusDays(1)).replaceTables(replace);
  }

  private void assertEveryTableUnchanged() throws Exception {
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(tmp.resolve("db"), "ehr"), "sa", "");
        Connection billing = DriverManager.getConnection(SourceDatabases.embeddedH2Url(tmp.resolve("db"), "billing"), "sa", "")) {
      new LoadedSampleAssertions(s -> s.equals("ehr") ? ehr : billing, SqlDialect.H2, catalog).countsEqual(sampleCounts);
    }
  }

  /** Replaces field {@code column} (0-based) of 1-based line {@code line}. */
  private void setField(String table, int line, int column, String value) throws IOException {
    Path file = csv.resolve(table + ".csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    String[] fields = lines.get(line - 1).split(",", -1);
    fields[column] = value;
    lines.set(line - 1, String.join(",", fields));
    Files.write(file, lines);
  }

  @Test
  void aNonDateInADateColumnNamesFileLineColumnAndTypeAndLoadsNothing() throws Exception {
    setField("conditions", 5, 0, "05/17/2014"); // START

    for (boolean replace : new boolean[] {false, true}) {
      assertThatThrownBy(() -> loader(csv, replace).build().load()).isInstanceOf(LoadException.class)
          .hasMessageContaining("conditions.csv:5")
          .hasMessageContaining("column start (date)")
          .hasMessageContaining("not a date yyyy-MM-dd")
          .hasMessageContaining("correct the file")
          .message().as("a DATE_SHIFT value may be PHI: withheld").doesNotContain("05/17/2014");
      // patients and encounters come before conditions in catalog order: none of them was touched either
      assertEveryTableUnchanged();
    }
  }

  @Test
  void aBadValueInAKeepColumnIsQuoted() throws Exception {
    setField("medications", 3, 9, "lots"); // DISPENSES, int, KEEP
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("medications.csv:3").hasMessageContaining("column dispenses (int) holds 'lots'")
        .hasMessageContaining("whole number");
    assertEveryTableUnchanged();
  }

  @Test
  void aDecimalThatWouldBeRoundedIsRefused() throws Exception {
    setField("claims_transactions", 4, 5, "12.345"); // AMOUNT decimal(14,2)
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("claims_transactions.csv:4").hasMessageContaining("amount (decimal(14,2))")
        .hasMessageContaining("at most 2 decimals");
    assertEveryTableUnchanged();
  }

  @Test
  void aTimestampWithoutZoneIsRefused() throws Exception {
    setField("encounters", 2, 1, "2014-05-06 08:34:30"); // START
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("encounters.csv:2").hasMessageContaining("column start (timestamp)")
        .hasMessageContaining("ISO instant");
    assertEveryTableUnchanged();
  }

  @Test
  void anUnknownCsvColumnMustBeClassifiedFirst() throws Exception {
    Path file = csv.resolve("patients.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(0, lines.get(0) + ",NICKNAME");
    for (int i = 1; i < lines.size(); i++) {
      lines.set(i, lines.get(i) + ",Tem");
    }
    Files.write(file, lines);

    assertThatThrownBy(() -> loader(csv, true).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("patients.csv:1").hasMessageContaining("column NICKNAME")
        .hasMessageContaining("classify it in catalog/data-classification.json");
    assertEveryTableUnchanged();
  }

  @Test
  void aCatalogColumnMissingFromTheCsvIsNamed() throws Exception {
    Path file = csv.resolve("devices.csv");
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      lines.add(l.substring(0, l.lastIndexOf(','))); // drop UDI, the last column
    }
    Files.write(file, lines);
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("devices.csv:1").hasMessageContaining("[udi]");
    assertEveryTableUnchanged();
  }

  /** The opt-in for exports of another Synthea version: named, non-required columns load as NULL. */
  @Test
  void anAbsentColumnListedAsNullableLoadsAsNull() throws Exception {
    Path file = csv.resolve("devices.csv");
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      lines.add(l.substring(0, l.lastIndexOf(','))); // drop UDI
    }
    Files.write(file, lines);
    LoadReport report = loader(csv, true).absentColumnsAsNull("devices.udi").build().load();
    assertThat(report.rows("devices")).isEqualTo(sampleCounts.get("devices"));
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(tmp.resolve("db"), "ehr"), "sa", "");
        java.sql.Statement st = ehr.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(udi) FROM devices")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(sampleCounts.get("devices"));
      assertThat(rs.getLong(2)).as("no UDI loaded").isZero();
    }
    assertThatThrownBy(() -> loader(csv, true).absentColumnsAsNull("patients.id").build())
        .isInstanceOf(LoadException.class).hasMessageContaining("required");
    assertThatThrownBy(() -> loader(csv, true).absentColumnsAsNull("patients.nickname").build())
        .isInstanceOf(LoadException.class).hasMessageContaining("no CSV column 'nickname'");
  }

  @Test
  void aMissingCsvIsNamed() throws Exception {
    Files.delete(csv.resolve("claims.csv"));
    assertThatThrownBy(() -> loader(csv, true).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("Missing CSV").hasMessageContaining(csv.resolve("claims.csv").toString())
        .hasMessageContaining("GenerateSyntheaCsv");
    assertEveryTableUnchanged();
  }

  @Test
  void aRecordWithTheWrongNumberOfFieldsIsNamed() throws Exception {
    Path file = csv.resolve("allergies.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(6, lines.get(6) + ",extra");
    Files.write(file, lines);
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("allergies.csv:7 has 16 fields, the header has 15");
    assertEveryTableUnchanged();
  }

  /** H2 runs the rest of a failed batch: only the rollback keeps the batches already sent out. */
  @Test
  void aRowTheDatabaseRejectsLeavesNothingOfItsTable() throws Exception {
    setField("observations", 2500, 4, "REJECT-ME"); // CODE, third batch of 1000
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(tmp.resolve("db"), "ehr"), "sa", "");
        java.sql.Statement st = ehr.createStatement()) {
      st.execute("ALTER TABLE observations ADD CONSTRAINT no_reject CHECK (code <> 'REJECT-ME')");
    }
    assertThatThrownBy(() -> loader(csv, false).build().load()).isInstanceOf(LoadException.class)
        .hasMessageContaining("Table 'observations'").hasMessageContaining("lines 2002..3001")
        .hasMessageContaining("SQLState 23513").message().doesNotContain("REJECT-ME");
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(tmp.resolve("db"), "ehr"), "sa", "")) {
      LoadedSampleAssertions db = new LoadedSampleAssertions(s -> ehr, SqlDialect.H2, catalog);
      assertThat(db.count("observations")).isEqualTo(sampleCounts.get("observations"));
      assertThat(db.count("conditions")).as("committed before, in its own transaction")
          .isEqualTo(2 * sampleCounts.get("conditions"));
    }
  }

  @Test
  void aMissingDatabaseForASourceFailsAtBuild() {
    assertThatThrownBy(() -> SampleData.loader().csvDirectory(csv).catalog(catalog)
        .database("ehr", SourceDatabases.embeddedH2Url(tmp, "ehr"), "sa", "").modifiedOn(DAY).build())
        .isInstanceOf(LoadException.class).hasMessageContaining("No database for source 'billing'")
        .hasMessageContaining("database(\"billing\"");
    assertThatThrownBy(() -> SampleData.loader().csvDirectory(csv).catalog(catalog).build())
        .isInstanceOf(LoadException.class).hasMessageContaining("modifiedOn");
  }
}
