package org.carelake.catalog;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a source column as the catalog declares it: portable across H2, PostgreSQL and
 * MariaDB, and mapped to one Hive type in the general and restricted zones.
 */
public final class LogicalType {
  /** The kinds of value a source column can hold. */
  public enum Kind { ID, STRING, TEXT, DATE, TIMESTAMP, DECIMAL, DOUBLE, INT, BIGINT }

  private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+),\\s*(\\d+)\\)");

  private final Kind kind;
  private final int precision;
  private final int scale;

  private LogicalType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
  }

  public static LogicalType of(Kind kind) {
    CatalogException.check(kind != Kind.DECIMAL, "Use LogicalType.decimal(p, s) for decimals");
    return new LogicalType(kind, 0, 0);
  }

  public static LogicalType decimal(int precision, int scale) {
    CatalogException.check(precision > 0 && precision <= 38 && scale >= 0 && scale <= precision,
        "decimal(%d,%d) is not a valid decimal: precision 1..38, scale 0..precision", precision, scale);
    return new LogicalType(Kind.DECIMAL, precision, scale);
  }

  /** Parses the catalog spelling: id, string, text, date, timestamp, decimal(p,s), double, int, bigint. */
  public static LogicalType parse(String spelling, String where) {
    String s = spelling == null ? "" : spelling.trim().toLowerCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(s);
    if (m.matches()) {
      return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.DECIMAL && kind.name().equalsIgnoreCase(s)) {
        return new LogicalType(kind, 0, 0);
      }
    }
    throw new CatalogException("%s has type '%s'; use one of id, string, text, date, timestamp, "
        + "decimal(p,s), double, int, bigint", where, spelling);
  }

  public Kind kind() {
    return kind;
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  public boolean isTemporal() {
    return kind == Kind.DATE || kind == Kind.TIMESTAMP;
  }

  public boolean isInteger() {
    return kind == Kind.INT || kind == Kind.BIGINT;
  }

  public boolean isCharacter() {
    return kind == Kind.ID || kind == Kind.STRING || kind == Kind.TEXT;
  }

  /** The Hive column type that holds a value of this type. */
  public String hiveType() {
    switch (kind) {
      case ID: case STRING: case TEXT: return "STRING";
      case DATE: return "DATE";
      case TIMESTAMP: return "TIMESTAMP";
      case DECIMAL: return "DECIMAL(" + precision + "," + scale + ")";
      case DOUBLE: return "DOUBLE";
      case INT: return "INT";
      case BIGINT: return "BIGINT";
      default: throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL
        ? "decimal(" + precision + "," + scale + ")"
        : kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogicalType t && t.kind == kind && t.precision == precision && t.scale == scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale);
  }
}
