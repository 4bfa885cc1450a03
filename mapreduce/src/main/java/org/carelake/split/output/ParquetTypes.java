package org.carelake.split.output;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.carelake.catalog.ZoneColumn;

/**
 * The one place that decides how a Hive column type is stored in Parquet (the physical type and
 * logical annotation Hive 4.0.1 reads) and how a zone-row value is written as it. Every column is
 * optional (nullable):
 * <pre>
 *   STRING        binary (STRING)
 *   INT           int32
 *   BIGINT        int64
 *   DOUBLE        double
 *   DECIMAL(p,s)  int64 (DECIMAL(p,s)) for p &lt;= 18, else fixed_len_byte_array (DECIMAL(p,s))
 *   DATE          int32 (DATE)
 *   TIMESTAMP     int64 (TIMESTAMP(MICROS, isAdjustedToUTC=false))
 * </pre>
 */
public final class ParquetTypes {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  /** A column's Parquet type and how to write one non-null value of it. */
  public interface ParquetColumn {
    PrimitiveType type();

    void write(RecordConsumer consumer, Object value);
  }

  private ParquetTypes() {
  }

  /** The Parquet schema of a zone file: one optional field per column, named ZoneColumn.name(). */
  public static MessageType schema(String name, List<ZoneColumn> columns) {
    return new MessageType(name, columns.stream().map(c -> (org.apache.parquet.schema.Type) column(c).type()).toList());
  }

  public static ParquetColumn column(ZoneColumn c) {
    String hive = c.hiveType().trim().toUpperCase(Locale.ROOT);
    String name = c.name();
    switch (hive) {
      case "STRING":
        return of(Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name),
            (rc, v) -> rc.addBinary(Binary.fromString((String) v)));
      case "INT":
        return of(Types.optional(PrimitiveTypeName.INT32).named(name),
            (rc, v) -> rc.addInteger(((Number) v).intValue()));
      case "BIGINT":
        return of(Types.optional(PrimitiveTypeName.INT64).named(name),
            (rc, v) -> rc.addLong(((Number) v).longValue()));
      case "DOUBLE":
        return of(Types.optional(PrimitiveTypeName.DOUBLE).named(name),
            (rc, v) -> rc.addDouble(((Number) v).doubleValue()));
      case "DATE":
        return of(Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name),
            (rc, v) -> rc.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay())));
      case "TIMESTAMP":
        return of(Types.optional(PrimitiveTypeName.INT64)
                .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(name),
            (rc, v) -> rc.addLong(micros((LocalDateTime) v)));
      default:
        Matcher m = DECIMAL.matcher(hive);
        if (m.matches()) {
          return decimal(name, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("Column " + name + " has Hive type " + c.hiveType()
            + ", which the split job cannot write to Parquet; extend ParquetTypes");
    }
  }

  /** Microseconds since 1970-01-01T00:00 of a wall-clock timestamp (no time zone applied). */
  public static long micros(LocalDateTime t) {
    return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1_000L);
  }

  private static ParquetColumn decimal(String name, int precision, int scale) {
    LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(scale, precision);
    if (precision <= 18) {
      return of(Types.optional(PrimitiveTypeName.INT64).as(annotation).named(name),
          (rc, v) -> rc.addLong(((BigDecimal) v).setScale(scale).unscaledValue().longValueExact()));
    }
    int length = bytesFor(precision);
    return of(Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(length).as(annotation).named(name),
        (rc, v) -> rc.addBinary(Binary.fromConstantByteArray(fixed((BigDecimal) v, scale, length))));
  }

  /** Smallest two's-complement byte count that holds every unscaled value of {@code precision} digits. */
  static int bytesFor(int precision) {
    return (int) Math.ceil((precision * Math.log(10) / Math.log(2) + 1) / 8);
  }

  private static byte[] fixed(BigDecimal value, int scale, int length) {
    byte[] unscaled = value.setScale(scale).unscaledValue().toByteArray();
    byte[] out = new byte[length];
    byte pad = (byte) (unscaled[0] < 0 ? 0xFF : 0x00); // sign-extend
    int offset = length - unscaled.length;
    for (int i = 0; i < offset; i++) {
      out[i] = pad;
    }
    System.arraycopy(unscaled, 0, out, offset, unscaled.length);
    return out;
  }

  private static ParquetColumn of(PrimitiveType type, java.util.function.BiConsumer<RecordConsumer, Object> writer) {
    return new ParquetColumn() {
      @Override
      public PrimitiveType type() {
        return type;
      }

      @Override
      public void write(RecordConsumer consumer, Object value) {
        writer.accept(consumer, value);
      }
    };
  }
}
