package org.carelake.sqoop;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.LogicalType;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/**
 * Checks a source table's columns against the catalog before anything is imported, with the
 * same metadata query Sqoop's code generator runs: a column the catalog does not know, a catalog
 * column the source lacks, or a type that cannot hold the catalog type stops the import.
 */
final class SourceColumns {
  private static final Set<Integer> CHARACTER = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
      Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
  private static final Set<Integer> SMALL_INTEGER = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER);
  private static final Set<Integer> INTEGER = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);

  private SourceColumns() {
  }

  /**
   * Returns, in catalog order, each catalog column's name as the source spells it (H2: upper
   * case). Throws an ImportFailure naming table.column and the fix on any mismatch.
   */
  static Map<String, String> check(Connection connection, TableSpec table, SqlDialect dialect, String catalogOrigin) {
    Map<String, String> sourceName = new LinkedHashMap<>();
    Map<String, Integer> sourceType = new LinkedHashMap<>();
    String sql = "SELECT t.* FROM " + dialect.quote(table.name()) + " AS t WHERE 1=0";
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String name = md.getColumnName(i);
        String lower = name.toLowerCase(Locale.ROOT);
        if (sourceName.put(lower, name) != null) {
          throw new ImportFailure("the source has two columns named " + lower
              + " apart from letter case; rename one in the source database");
        }
        sourceType.put(lower, md.getColumnType(i));
      }
    } catch (SQLException e) {
      throw new ImportFailure("cannot read the columns of source table " + table.name() + " ("
          + e.getMessage() + "); check that the table exists in the database of --connect and that the user may read it",
          e);
    }
    for (String lower : sourceName.keySet()) {
      if (table.column(lower).isEmpty()) {
        throw new ImportFailure("source column " + table.name() + "." + lower
            + " is not in the data classification catalog " + catalogOrigin + "; add it there with a treatment, "
            + "regenerate the options files (" + SqoopOptionsFiles.REGENERATE_COMMAND + ") and rerun; nothing was imported");
      }
    }
    Map<String, String> inCatalogOrder = new LinkedHashMap<>();
    for (ColumnSpec c : table.columns()) {
      String name = sourceName.get(c.name());
      if (name == null) {
        throw new ImportFailure("catalog column " + table.name() + "." + c.name()
            + " is missing in the source table; fix the source schema or remove the column from " + catalogOrigin
            + " and regenerate the options files; nothing was imported");
      }
      int type = sourceType.get(c.name());
      if (!holds(type, c.type())) {
        throw new ImportFailure("source column " + table.name() + "." + c.name() + " has JDBC type "
            + jdbcTypeName(type) + ", which does not hold catalog type " + c.type() + " exactly; fix the source "
            + "column type or the catalog entry; nothing was imported");
      }
      inCatalogOrder.put(c.name(), name);
    }
    return inCatalogOrder;
  }

  /** True when a source column of JDBC type {@code jdbcType} holds values of the catalog type without loss. */
  static boolean holds(int jdbcType, LogicalType type) {
    return switch (type.kind()) {
      case ID, STRING, TEXT -> CHARACTER.contains(jdbcType);
      case DATE -> jdbcType == Types.DATE;
      case TIMESTAMP -> jdbcType == Types.TIMESTAMP;
      case DECIMAL -> jdbcType == Types.DECIMAL || jdbcType == Types.NUMERIC;
      case DOUBLE -> jdbcType == Types.DOUBLE || jdbcType == Types.FLOAT || jdbcType == Types.REAL;
      case INT -> SMALL_INTEGER.contains(jdbcType);
      case BIGINT -> INTEGER.contains(jdbcType);
    };
  }

  private static String jdbcTypeName(int type) {
    try {
      return java.sql.JDBCType.valueOf(type).getName();
    } catch (IllegalArgumentException e) {
      return Integer.toString(type);
    }
  }
}
