package org.carelake.split.treatments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.LogicalType;

/**
 * Turns a staging (Avro) value into the Java value of its catalog type: String for id/string/text,
 * LocalDate, LocalDateTime, BigDecimal (at the catalog scale), Double, Integer, Long. Accepts
 * the forms Sqoop writes (temporal and decimal columns as strings, numbers as int/long/double)
 * and, liberally, numbers as strings, temporal columns as epoch milliseconds (Sqoop without
 * --map-column-java, UTC) and dates as epoch days (Avro's date logical type). A blank string in
 * a non-character column counts as NULL.
 */
public final class SourceValues {
  private SourceValues() {
  }

  /** The typed value, or null. Throws when the value does not fit the column's type. */
  static Object typed(String table, ColumnSpec column, Object raw) throws BadValueException {
    if (raw == null) {
      return null;
    }
    LogicalType type = column.type();
    if (type.isCharacter()) {
      if (raw instanceof CharSequence || raw instanceof Number || raw instanceof Boolean
          || raw instanceof org.apache.avro.generic.GenericEnumSymbol) {
        return raw.toString();
      }
      throw unexpected(table, column, raw);
    }
    if (raw instanceof CharSequence && raw.toString().isBlank()) {
      return null;
    }
    switch (type.kind()) {
      case DATE: return date(table, column, raw);
      case TIMESTAMP: return timestamp(table, column, raw);
      case DECIMAL: return decimal(table, column, raw);
      case DOUBLE: return dbl(table, column, raw);
      case INT: return integer(table, column, raw);
      case BIGINT: return bigint(table, column, raw);
      default: throw new AssertionError(type);
    }
  }

  private static LocalDate date(String table, ColumnSpec column, Object raw) throws BadValueException {
    if (raw instanceof CharSequence s) {
      LocalDate d = Temporals.parseDate(s.toString());
      if (d != null) {
        return d;
      }
      throw bad(table, column, "a date " + Temporals.ACCEPTED, raw);
    }
    if (raw instanceof Integer days) {
      return LocalDate.ofEpochDay(days);
    }
    if (raw instanceof Long millis) {
      return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }
    throw unexpected(table, column, raw);
  }

  private static LocalDateTime timestamp(String table, ColumnSpec column, Object raw) throws BadValueException {
    if (raw instanceof CharSequence s) {
      LocalDateTime t = Temporals.parseTimestamp(s.toString());
      if (t != null) {
        return t;
      }
      throw bad(table, column, "a timestamp " + Temporals.ACCEPTED, raw);
    }
    if (raw instanceof Long millis) {
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
    throw unexpected(table, column, raw);
  }

  private static BigDecimal decimal(String table, ColumnSpec column, Object raw) throws BadValueException {
    LogicalType type = column.type();
    String expected = "a decimal(" + type.precision() + "," + type.scale() + ")";
    BigDecimal d;
    try {
      if (raw instanceof CharSequence s) {
        d = new BigDecimal(s.toString().trim());
      } else if (raw instanceof Integer || raw instanceof Long) {
        d = BigDecimal.valueOf(((Number) raw).longValue());
      } else if (raw instanceof Double || raw instanceof Float) {
        d = new BigDecimal(raw.toString());
      } else {
        throw unexpected(table, column, raw);
      }
      // exact or nothing: a value with more fraction digits than the scale is not silently rounded
      d = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (NumberFormatException | ArithmeticException e) {
      throw bad(table, column, expected + " (digits, optional sign and point, at most " + type.scale()
          + " fraction digits)", raw);
    }
    if (d.precision() > type.precision()) {
      throw bad(table, column, expected + " (at most " + (type.precision() - type.scale())
          + " integer digits)", raw);
    }
    return d;
  }

  private static Double dbl(String table, ColumnSpec column, Object raw) throws BadValueException {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    if (raw instanceof CharSequence s) {
      try {
        return Double.parseDouble(s.toString().trim());
      } catch (NumberFormatException e) {
        throw bad(table, column, "a double", raw);
      }
    }
    throw unexpected(table, column, raw);
  }

  private static Integer integer(String table, ColumnSpec column, Object raw) throws BadValueException {
    long v = longValue(table, column, raw, "an int");
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw bad(table, column, "an int (32-bit)", raw);
    }
    return (int) v;
  }

  private static Long bigint(String table, ColumnSpec column, Object raw) throws BadValueException {
    return longValue(table, column, raw, "a bigint");
  }

  private static long longValue(String table, ColumnSpec column, Object raw, String expected)
      throws BadValueException {
    if (raw instanceof Integer || raw instanceof Long) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof CharSequence s) {
      try {
        return Long.parseLong(s.toString().trim());
      } catch (NumberFormatException e) {
        throw bad(table, column, expected, raw);
      }
    }
    throw unexpected(table, column, raw);
  }

  private static BadValueException bad(String table, ColumnSpec column, String expected, Object raw) {
    // the length, never the value: the column may hold PHI
    return new BadValueException(QuarantineReason.unparseable(column.type()), String.format(
        "%s.%s: expected %s; the %s value (%d characters) does not parse as that", table, column.name(),
        expected, column.treatment(), raw.toString().length()));
  }

  private static BadValueException unexpected(String table, ColumnSpec column, Object raw) {
    return new BadValueException(QuarantineReason.UNEXPECTED_TYPE, String.format(
        "%s.%s: expected %s, but staging holds a %s; map the column to String in its Sqoop options",
        table, column.name(), column.type(), raw.getClass().getSimpleName()));
  }
}
