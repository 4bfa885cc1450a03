package org.carelake.sources;

import java.util.Locale;
import org.carelake.catalog.LogicalType;

/**
 * The SQL spoken by a source database. The embedded default is H2; a facility's EHR typically
 * runs on PostgreSQL and its billing system on MariaDB/MySQL.
 */
public enum SqlDialect {
  H2("org.h2.Driver"),
  POSTGRESQL("org.postgresql.Driver"),
  MARIADB("org.mariadb.jdbc.Driver");

  private final String driverClass;

  SqlDialect(String driverClass) {
    this.driverClass = driverClass;
  }

  /** The JDBC driver class (Sqoop's GenericJdbcManager needs it named with --driver). */
  public String driverClass() {
    return driverClass;
  }

  /** The dialect of a JDBC URL. */
  public static SqlDialect ofUrl(String jdbcUrl) {
    String url = jdbcUrl == null ? "" : jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      return MARIADB;
    }
    throw new IllegalArgumentException("JDBC URL '" + jdbcUrl + "' is not H2, PostgreSQL or MariaDB; "
        + "use jdbc:h2:file:..., jdbc:postgresql://host/db or jdbc:mariadb://host/db");
  }

  /** The column type that holds a catalog type losslessly. */
  public String columnType(LogicalType type) {
    switch (type.kind()) {
      case ID: case STRING: return "VARCHAR(" + maxCharacters(type).getAsInt() + ")";
      case TEXT: return this == H2 ? "VARCHAR(" + maxCharacters(type).getAsInt() + ")" : "TEXT";
      case DATE: return "DATE";
      // MariaDB's TIMESTAMP converts time zones and auto-updates; DATETIME stores what it is given.
      case TIMESTAMP: return this == MARIADB ? "DATETIME(6)" : "TIMESTAMP(6)";
      case DECIMAL: return "DECIMAL(" + type.precision() + "," + type.scale() + ")";
      case DOUBLE: return this == MARIADB ? "DOUBLE" : "DOUBLE PRECISION";
      case INT: return "INTEGER";
      case BIGINT: return "BIGINT";
      default: throw new AssertionError(type);
    }
  }

  /**
   * The most characters a column of this type holds, where the DDL sets a character limit (the
   * loader checks it up front, so an over-long value fails with file:line instead of a driver
   * message that may quote the value). Empty for non-character types and for TEXT outside H2.
   */
  public java.util.OptionalInt maxCharacters(LogicalType type) {
    switch (type.kind()) {
      case ID: return java.util.OptionalInt.of(64);
      case STRING: return java.util.OptionalInt.of(255);
      case TEXT: return this == H2 ? java.util.OptionalInt.of(1_000_000) : java.util.OptionalInt.empty();
      default: return java.util.OptionalInt.empty();
    }
  }

  /**
   * Quotes an identifier where the dialect needs it. H2 and PostgreSQL stay unquoted so that
   * the unquoted names Sqoop generates resolve (H2 folds them to upper case, PostgreSQL to lower).
   */
  public String quote(String identifier) {
    return this == MARIADB ? "`" + identifier + "`" : identifier;
  }

  /** A timestamp literal every dialect accepts: TIMESTAMP 'yyyy-MM-dd HH:mm:ss'. */
  public String timestampLiteral(java.time.LocalDateTime t) {
    return "TIMESTAMP '" + t.toLocalDate() + " " + String.format(Locale.ROOT, "%02d:%02d:%02d",
        t.getHour(), t.getMinute(), t.getSecond()) + "'";
  }
}
