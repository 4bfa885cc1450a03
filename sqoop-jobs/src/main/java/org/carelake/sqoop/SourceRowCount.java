package org.carelake.sqoop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/** Counts the source rows an import must stage, with the predicate Sqoop's --where gets. */
final class SourceRowCount {
  private SourceRowCount() {
  }

  /** The COUNT(*) statement for the table and window (every row without a window). */
  static String sql(TableSpec table, SqlDialect dialect, Optional<ImportWindow> window) {
    return "SELECT COUNT(*) FROM " + dialect.quote(table.name())
        + window.map(w -> " WHERE " + w.predicate(dialect)).orElse("");
  }

  static long count(Connection connection, TableSpec table, SqlDialect dialect, Optional<ImportWindow> window) {
    String sql = sql(table, dialect, window);
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new ImportFailure("cannot count the source rows (" + sql + "): " + e.getMessage()
          + "; check the database of --connect", e);
    }
  }
}
