package org.carelake.split.output;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.carelake.catalog.ZoneColumn;

/**
 * One output row of one zone: values in the zone's column order, typed as String, Integer,
 * Long, Double, BigDecimal, LocalDate, LocalDateTime, or null. Writable so it can cross any
 * Hadoop serialization (MRUnit copies every output through it).
 */
public final class ZoneRow implements Writable {
  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte DECIMAL = 5;
  private static final byte DATE = 6;
  private static final byte TIMESTAMP = 7;

  private Zone zone;
  private Object[] values;

  /** For Hadoop's reflection; fill with {@link #readFields}. */
  public ZoneRow() {
  }

  public ZoneRow(Zone zone, Object[] values) {
    this.zone = zone;
    this.values = values;
  }

  public Zone zone() {
    return zone;
  }

  public Object[] values() {
    return values;
  }

  /** The values by column name (tests and tools). */
  public Map<String, Object> asMap(List<ZoneColumn> columns) {
    if (columns.size() != values.length) {
      throw new IllegalArgumentException(zone + " row has " + values.length + " values, not " + columns.size());
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put(columns.get(i).name(), values[i]);
    }
    return map;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(zone.ordinal());
    WritableUtils.writeVInt(out, values.length);
    for (Object v : values) {
      if (v == null) {
        out.writeByte(NULL);
      } else if (v instanceof String s) {
        out.writeByte(STRING);
        Text.writeString(out, s);
      } else if (v instanceof Integer i) {
        out.writeByte(INT);
        out.writeInt(i);
      } else if (v instanceof Long l) {
        out.writeByte(LONG);
        out.writeLong(l);
      } else if (v instanceof Double d) {
        out.writeByte(DOUBLE);
        out.writeDouble(d);
      } else if (v instanceof BigDecimal d) {
        out.writeByte(DECIMAL);
        WritableUtils.writeVInt(out, d.scale());
        byte[] unscaled = d.unscaledValue().toByteArray();
        WritableUtils.writeVInt(out, unscaled.length);
        out.write(unscaled);
      } else if (v instanceof LocalDate d) {
        out.writeByte(DATE);
        out.writeLong(d.toEpochDay());
      } else if (v instanceof LocalDateTime t) {
        out.writeByte(TIMESTAMP);
        out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
        out.writeInt(t.getNano());
      } else {
        throw new IOException("A zone row cannot hold a " + v.getClass().getName());
      }
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    zone = Zone.values()[in.readByte()];
    values = new Object[WritableUtils.readVInt(in)];
    for (int i = 0; i < values.length; i++) {
      byte tag = in.readByte();
      switch (tag) {
        case NULL: values[i] = null; break;
        case STRING: values[i] = Text.readString(in); break;
        case INT: values[i] = in.readInt(); break;
        case LONG: values[i] = in.readLong(); break;
        case DOUBLE: values[i] = in.readDouble(); break;
        case DECIMAL: {
          int scale = WritableUtils.readVInt(in);
          byte[] unscaled = new byte[WritableUtils.readVInt(in)];
          in.readFully(unscaled);
          values[i] = new BigDecimal(new BigInteger(unscaled), scale);
          break;
        }
        case DATE: values[i] = LocalDate.ofEpochDay(in.readLong()); break;
        case TIMESTAMP: values[i] = LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC); break;
        default: throw new IOException("Corrupt zone row: value tag " + tag);
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZoneRow r && r.zone == zone && Arrays.equals(r.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * zone.hashCode() + Arrays.hashCode(values);
  }

  /** Never the values: they may be PHI and this may reach a log. */
  @Override
  public String toString() {
    return "ZoneRow[" + zone + ", " + (values == null ? 0 : values.length) + " values]";
  }
}
