package org.carelake.sqoop;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.LogicalType;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/**
 * Rows that break lossy imports, for any catalog table: every text column takes every hard
 * string (NULL, the text \N, newlines, CRLF, tabs, ctrl-A, quotes, commas, unicode, ...), every
 * temporal column microseconds, a DST gap and extremes, every number its edge values. Plus
 * four rows on the edges of the import window.
 */
final class SourceRows {
  /** The business date of the window: the US DST switch, where time-zone conversions show. */
  static final LocalDateTime WINDOW_START = LocalDateTime.of(2014, 3, 9, 0, 0);
  static final LocalDateTime WINDOW_END = WINDOW_START.plusDays(1);
  /** In one string value; the child's logs must never contain it (PHI hygiene). */
  static final String LOG_MARKER = "Zqxmarker";

  static final String[] STRINGS = {
      null, "\\N", "", "  padded  ", "line1\nline2", "crlf\r\nend\r\n", "tab\there\t", "ctrl\u0001A\u0001",
      "quote\" and 'apostrophe' and `backtick`", "comma,separated,\"csv\"", "unicode \u00e9 \u00fc \u00df \u4e2d\u6587 \ud83d\ude00",
      "backslash \\ and \\n literally", "NULL", LOG_MARKER + " O'Doe"};
  static final LocalDate[] DATES = {
      null, LocalDate.of(2014, 3, 9), LocalDate.of(1900, 1, 1), LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 1),
      LocalDate.of(2000, 2, 29), LocalDate.of(9999, 12, 31)};
  static final LocalDateTime[] TIMESTAMPS = {
      null, LocalDateTime.of(2014, 3, 9, 2, 30), LocalDateTime.of(1970, 1, 1, 0, 0),
      LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(2014, 5, 6, 8, 34, 30, 123_456_000),
      LocalDateTime.of(2014, 5, 6, 8, 34, 30, 120_000_000), LocalDateTime.of(2014, 5, 6, 8, 34, 30, 1_000),
      LocalDateTime.of(2014, 11, 2, 1, 30), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
      LocalDateTime.of(1900, 1, 1, 0, 0)};
  static final String[] DECIMALS = {null, "0", "-0.01", "123.4", "999999999999.99", "-999999999999.99", "1"};
  static final Double[] DOUBLES = {null, 0.1, 1.0 / 3, 42.3601, -71.0589, 1e-300, Double.MAX_VALUE, 123456789.123456789};
  static final Integer[] INTS = {null, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};
  static final Long[] BIGINTS = {null, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1};

  /** Rows whose content cycles through the hard values: enough for every column to take every one. */
  static final int CONTENT_ROWS = STRINGS.length;

  private SourceRows() {
  }

  /**
   * The rows of a table (column name to Java value), row_id ascending: four window-edge rows
   * (just before start, at start, just before end, at end), then the content rows, inside the window.
   */
  static List<Map<String, Object>> rows(TableSpec table) {
    List<LocalDateTime> lastModified = new ArrayList<>(List.of(WINDOW_START.minusNanos(1_000), WINDOW_START,
        WINDOW_END.minusNanos(1_000), WINDOW_END));
    for (int r = 0; r < CONTENT_ROWS; r++) {
      lastModified.add(WINDOW_START.plusMinutes(73L * r + 1).plusNanos((r * 111_111L % 1_000_000) * 1_000));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < lastModified.size(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      int ci = 0;
      for (ColumnSpec c : table.columns()) {
        Object v;
        if (c.name().equals(TableSpec.ROW_ID)) {
          v = 1000L * (r + 1);
        } else if (c.name().equals(TableSpec.LAST_MODIFIED)) {
          v = lastModified.get(r);
        } else {
          v = value(c.type(), r + ci);
        }
        row.put(c.name(), v);
        ci++;
      }
      rows.add(row);
    }
    return rows;
  }

  static boolean inWindow(Map<String, Object> row) {
    LocalDateTime lm = (LocalDateTime) row.get(TableSpec.LAST_MODIFIED);
    return !lm.isBefore(WINDOW_START) && lm.isBefore(WINDOW_END);
  }

  private static Object value(LogicalType type, int i) {
    switch (type.kind()) {
      case ID: case STRING: case TEXT: return STRINGS[i % STRINGS.length];
      case DATE: return DATES[i % DATES.length];
      case TIMESTAMP: return TIMESTAMPS[i % TIMESTAMPS.length];
      case DECIMAL: {
        String d = DECIMALS[i % DECIMALS.length];
        return d == null ? null : new BigDecimal(d).setScale(type.scale(), RoundingMode.UNNECESSARY);
      }
      case DOUBLE: return DOUBLES[i % DOUBLES.length];
      case INT: return INTS[i % INTS.length];
      case BIGINT: return BIGINTS[i % BIGINTS.length];
      default: throw new AssertionError(type);
    }
  }

  static void insert(Connection c, TableSpec table, SqlDialect dialect, List<Map<String, Object>> rows)
      throws SQLException {
    String cols = table.columnNames().stream().map(dialect::quote).collect(Collectors.joining(", "));
    String marks = String.join(", ", java.util.Collections.nCopies(table.columns().size(), "?"));
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + dialect.quote(table.name()) + " (" + cols + ") VALUES (" + marks + ")")) {
      for (Map<String, Object> row : rows) {
        int i = 1;
        for (ColumnSpec col : table.columns()) {
          Object v = row.get(col.name());
          if (v == null) {
            ps.setNull(i, sqlType(col.type()));
          } else {
            ps.setObject(i, v);
          }
          i++;
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static int sqlType(LogicalType type) {
    switch (type.kind()) {
      case DATE: return java.sql.Types.DATE;
      case TIMESTAMP: return java.sql.Types.TIMESTAMP;
      case DECIMAL: return java.sql.Types.DECIMAL;
      case DOUBLE: return java.sql.Types.DOUBLE;
      case INT: return java.sql.Types.INTEGER;
      case BIGINT: return java.sql.Types.BIGINT;
      default: return java.sql.Types.VARCHAR;
    }
  }
}
