package org.carelake.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.function.Function;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * Checks a database holding the Synthea sample against the CSV files: counts, and exact values
 * chosen for the sample's quirks. The same checks run for H2, PostgreSQL and MariaDB.
 */
final class LoadedSampleAssertions {
  static final String TEMIKA = "b37f7960-7e9e-f3f7-f891-79ae4f632406";

  private final Function<String, Connection> connectionOfSource;
  private final SqlDialect dialect;
  private final DataCatalog catalog;

  LoadedSampleAssertions(Function<String, Connection> connectionOfSource, SqlDialect dialect, DataCatalog catalog) {
    this.connectionOfSource = connectionOfSource;
    this.dialect = dialect;
    this.catalog = catalog;
  }

  private Connection of(String table) {
    return connectionOfSource.apply(catalog.table(table).source());
  }

  private String q(String identifier) {
    return dialect.quote(identifier);
  }

  long count(String table) throws SQLException {
    try (Statement st = of(table).createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + q(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void countsEqual(Map<String, Long> expected) throws SQLException {
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      assertThat(count(e.getKey())).as("rows in %s", e.getKey()).isEqualTo(e.getValue());
    }
  }

  /** Exact values picked for the sample's quirks; rows are found by natural key or row_id. */
  void spotValuesMatchTheCsv() throws SQLException {
    try (PreparedStatement ps = of("patients").prepareStatement("SELECT " + q("first") + ", " + q("zip") + ", "
        + q("healthcare_coverage") + ", " + q("deathdate") + ", " + q("drivers") + ", " + q("birthdate") + ", "
        + q("income") + ", " + q("lat") + " FROM " + q("patients") + " WHERE " + q("id") + " = ?")) {
      ps.setString(1, TEMIKA);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("patient %s present", TEMIKA).isTrue();
        assertThat(rs.getString(1)).as("a name with digits, kept as written").isEqualTo("Temika453");
        assertThat(rs.getString(2)).as("ZIP with a leading zero").isEqualTo("02081");
        BigDecimal coverage = rs.getBigDecimal(3);
        assertThat(coverage).as("decimal(14,2) kept exactly").isEqualTo(new BigDecimal("68841.05"));
        assertThat(rs.getObject(4, LocalDate.class)).as("empty DEATHDATE is NULL").isNull();
        assertThat(rs.getString(5)).as("empty DRIVERS is NULL, not ''").isNull();
        assertThat(rs.getObject(6, LocalDate.class)).isEqualTo(LocalDate.of(2011, 3, 18));
        assertThat(rs.getLong(7)).isEqualTo(17807L);
        assertThat(rs.getDouble(8)).isEqualTo(42.16260877593776);
      }
    }
    try (Statement st = of("patients").createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + q("patients") + " WHERE " + q("zip") + " = '00000'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("ZIP 00000 kept as five characters").isEqualTo(3);
    }
    assertThat(stringOf("organizations", "zip", "id", "aa682136-a4df-3942-9f50-e6fcee6c0b73"))
        .as("a 9-digit ZIP").isEqualTo("020611630");
    // 2014-05-06T08:34:30Z is 04:34:30 in New York (EDT, UTC-4); 2015-02-20T18:34:30Z is 13:34:30 (EST).
    assertThat(timestampOf("encounters", "start", "id", "47afd8bf-98df-7e85-832a-3da2a89cc222"))
        .isEqualTo(LocalDateTime.of(2014, 5, 6, 4, 34, 30));
    assertThat(timestampOfRow("immunizations", "date", 1)).isEqualTo(LocalDateTime.of(2015, 2, 20, 13, 34, 30));
    // row_id follows file order: observations row 1 is the first data line (VALUE 101.8, Body Height)
    assertThat(stringOfRow("observations", "value", 1)).isEqualTo("101.8");
    assertThat(stringOfRow("observations", "description", 1)).isEqualTo("Body Height");
    try (PreparedStatement ps = of("claims_transactions").prepareStatement("SELECT " + q("amount") + ", "
        + q("payments") + ", " + q("transfers") + " FROM " + q("claims_transactions") + " WHERE " + q("row_id") + " = 2")) {
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1)).as("empty AMOUNT is NULL").isNull();
        assertThat(rs.getBigDecimal(2)).isEqualTo(new BigDecimal("50.00"));
        assertThat(rs.getBigDecimal(3)).isNull();
      }
    }
    // payers.csv line 4 has QOLS_AVG NaN (no members): stored as NULL; line 2 keeps its double exactly
    assertThat(stringOfRow("payers", "qols_avg", 3)).isNull();
    assertThat(Double.parseDouble(stringOfRow("payers", "qols_avg", 1))).isEqualTo(0.901656788401541);
    assertThat(new BigDecimal(stringOfRow("claims_transactions", "amount", 1))).isEqualTo(new BigDecimal("85.55"));
  }

  /**
   * The rows after {@code rowsBefore} (per table; absent = 0) have last_modified in [day 00:00,
   * day+1 00:00): the first at 00:00:00 and, for n > 1 rows, the last at 23:59:59.
   */
  void lastModifiedWithin(LocalDate day, Map<String, Long> rowsBefore) throws SQLException {
    for (TableSpec t : catalog.tables()) {
      try (PreparedStatement ps = of(t.name()).prepareStatement("SELECT MIN(" + q("last_modified") + "), MAX("
          + q("last_modified") + "), COUNT(*) FROM " + q(t.name()) + " WHERE " + q("row_id") + " >= ?")) {
        ps.setLong(1, rowsBefore.getOrDefault(t.name(), 0L) + 1);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          LocalDateTime min = rs.getObject(1, LocalDateTime.class);
          LocalDateTime max = rs.getObject(2, LocalDateTime.class);
          assertThat(min).as("%s first last_modified", t.name()).isEqualTo(day.atStartOfDay());
          assertThat(rs.getLong(3)).as("%s rows of this load", t.name()).isPositive();
          if (rs.getLong(3) > 1) {
            assertThat(max).as("%s last last_modified", t.name()).isEqualTo(day.atTime(23, 59, 59));
          }
        }
      }
    }
  }

  String stringOf(String table, String column, String keyColumn, String key) throws SQLException {
    try (PreparedStatement ps = of(table).prepareStatement("SELECT " + q(column) + " FROM " + q(table) + " WHERE "
        + q(keyColumn) + " = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("%s.%s = %s present", table, keyColumn, key).isTrue();
        return rs.getString(1);
      }
    }
  }

  String stringOfRow(String table, String column, long rowId) throws SQLException {
    try (PreparedStatement ps = of(table).prepareStatement("SELECT " + q(column) + " FROM " + q(table) + " WHERE "
        + q("row_id") + " = ?")) {
      ps.setLong(1, rowId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("%s row_id %d present", table, rowId).isTrue();
        return rs.getString(1);
      }
    }
  }

  private LocalDateTime timestampOf(String table, String column, String keyColumn, String key) throws SQLException {
    try (PreparedStatement ps = of(table).prepareStatement("SELECT " + q(column) + " FROM " + q(table) + " WHERE "
        + q(keyColumn) + " = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getObject(1, LocalDateTime.class);
      }
    }
  }

  private LocalDateTime timestampOfRow(String table, String column, long rowId) throws SQLException {
    try (PreparedStatement ps = of(table).prepareStatement("SELECT " + q(column) + " FROM " + q(table) + " WHERE "
        + q("row_id") + " = ?")) {
      ps.setLong(1, rowId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getObject(1, LocalDateTime.class);
      }
    }
  }
}
