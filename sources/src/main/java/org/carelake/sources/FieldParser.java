package org.carelake.sources;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.LogicalType;
import org.carelake.catalog.Treatment;

/**
 * Turns one Synthea CSV field into the JDBC value of its catalog type: empty is NULL, dates are
 * yyyy-MM-dd, timestamps are ISO instants converted to facility-local time (sources store
 * TIMESTAMP WITHOUT TIME ZONE), decimals are exact, strings are kept as written (ZIP 00000),
 * and a double "NaN" (Synthea's average over nobody) is NULL.
 */
final class FieldParser {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern FLOATING = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)");
  private static final int QUOTED_VALUE_MAX = 40;

  private final ZoneId facilityZone;
  private final SqlDialect dialect;

  FieldParser(ZoneId facilityZone, SqlDialect dialect) {
    this.facilityZone = facilityZone;
    this.dialect = dialect;
  }

  /** The java.sql.Types code used for NULLs of a column. */
  static int sqlType(LogicalType type) {
    switch (type.kind()) {
      case ID: case STRING: case TEXT: return Types.VARCHAR;
      case DATE: return Types.DATE;
      case TIMESTAMP: return Types.TIMESTAMP;
      case DECIMAL: return Types.DECIMAL;
      case DOUBLE: return Types.DOUBLE;
      case INT: return Types.INTEGER;
      case BIGINT: return Types.BIGINT;
      default: throw new AssertionError(type);
    }
  }

  /** The value to bind, or null for an empty field. {@code where} is "file:line". */
  Object parse(String field, ColumnSpec column, String where) {
    if (field == null || field.isEmpty()) {
      return null;
    }
    LogicalType type = column.type();
    switch (type.kind()) {
      case ID: case STRING: case TEXT:
        OptionalInt max = dialect.maxCharacters(type);
        if (max.isPresent() && field.length() > max.getAsInt()) {
          throw new LoadException(String.format(Locale.ROOT,
              "%s: column %s holds %d characters, more than the %d of its %s column (%s); widen the "
              + "column's type in catalog/data-classification.json (e.g. string -> text) or shorten the value",
              where, column.name(), field.length(), max.getAsInt(), type, dialect.columnType(type)));
        }
        return field;
      case DATE:
        try {
          return LocalDate.parse(field, DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
          throw bad(field, column, where, "a date yyyy-MM-dd (e.g. 2014-05-06)");
        }
      case TIMESTAMP:
        try {
          return OffsetDateTime.parse(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .atZoneSameInstant(facilityZone).toLocalDateTime();
        } catch (DateTimeException e) {
          throw bad(field, column, where, "an ISO instant with zone (e.g. 2014-05-06T08:34:30Z)");
        }
      case DECIMAL:
        return decimal(field, column, where);
      case DOUBLE:
        // Synthea writes NaN for an average over nobody (payers.qols_avg with no members): the value
        // is undefined, and MariaDB's DOUBLE cannot hold NaN, so every dialect stores NULL.
        if (field.equals("NaN")) {
          return null;
        }
        if (!FLOATING.matcher(field).matches()) {
          throw bad(field, column, where, "a decimal number (e.g. 42.1626 or -7.1E-3)");
        }
        return Double.valueOf(field);
      case INT:
        try {
          if (INTEGER.matcher(field).matches()) {
            return Integer.valueOf(field);
          }
        } catch (NumberFormatException e) {
          // out of range: reported below
        }
        throw bad(field, column, where, "a whole number between -2147483648 and 2147483647");
      case BIGINT:
        try {
          if (INTEGER.matcher(field).matches()) {
            return Long.valueOf(field);
          }
        } catch (NumberFormatException e) {
          // out of range: reported below
        }
        throw bad(field, column, where, "a whole number that fits a 64-bit integer");
      default:
        throw new AssertionError(type);
    }
  }

  private BigDecimal decimal(String field, ColumnSpec column, String where) {
    LogicalType type = column.type();
    String expected = "a plain decimal number with at most " + type.scale() + " decimals and "
        + (type.precision() - type.scale()) + " integer digits (e.g. 68841.05)";
    if (!DECIMAL.matcher(field).matches()) {
      throw bad(field, column, where, expected);
    }
    BigDecimal value = new BigDecimal(field);
    BigDecimal significant = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    // Exact or nothing: the database would round (PostgreSQL, H2) or truncate (MariaDB) silently.
    if (significant.scale() > type.scale() || significant.precision() - significant.scale() > type.precision() - type.scale()) {
      throw bad(field, column, where, expected);
    }
    return value.setScale(type.scale());
  }

  private static LoadException bad(String field, ColumnSpec column, String where, String expected) {
    return new LoadException(String.format(Locale.ROOT,
        "%s: column %s (%s) holds %s, which is not %s; correct the file (or regenerate it with "
        + "GenerateSyntheaCsv), or fix the column's type in catalog/data-classification.json if the "
        + "catalog is wrong", where, column.name(), column.type(), quote(field, column), expected));
  }

  /** The value where it may be shown: only KEEP columns are known not to be PHI. */
  static String quote(String field, ColumnSpec column) {
    if (column.treatment() != Treatment.KEEP) {
      return "a value (withheld: the column is " + column.treatment() + ", it may be PHI)";
    }
    String shown = field.length() > QUOTED_VALUE_MAX ? field.substring(0, QUOTED_VALUE_MAX) + "..." : field;
    return "'" + shown + "'";
  }
}
