package org.carelake.hive.testing;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.carelake.catalog.ZoneColumn;

/**
 * Writes zone rows as Parquet with the physical types the PHI split job uses: STRING as binary
 * UTF8, DATE as int32 DATE, TIMESTAMP as int64 TIMESTAMP(MICROS, isAdjustedToUTC=false),
 * DECIMAL(p<=18,s) as int64 DECIMAL, INT int32, BIGINT int64, DOUBLE double.
 */
public final class ParquetFiles {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");

  private ParquetFiles() {
  }

  public static MessageType schema(String name, List<ZoneColumn> columns) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (ZoneColumn c : columns) {
      String t = c.hiveType().toUpperCase(Locale.ROOT);
      Matcher m = DECIMAL.matcher(t);
      if (m.matches()) {
        int precision = Integer.parseInt(m.group(1));
        int scale = Integer.parseInt(m.group(2));
        if (precision > 18) {
          throw new IllegalArgumentException(c.name() + ": DECIMAL precision > 18 needs fixed_len_byte_array");
        }
        b.optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(scale, precision)).named(c.name());
        continue;
      }
      switch (t) {
        case "STRING" -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
        case "INT" -> b.optional(PrimitiveTypeName.INT32).named(c.name());
        case "BIGINT" -> b.optional(PrimitiveTypeName.INT64).named(c.name());
        case "DOUBLE" -> b.optional(PrimitiveTypeName.DOUBLE).named(c.name());
        case "DATE" -> b.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(c.name());
        case "TIMESTAMP" -> b.optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
        default -> throw new IllegalArgumentException(c.name() + ": no Parquet mapping for " + t);
      }
    }
    return b.named(name);
  }

  /** Writes {@code rows} (column name to value; absent means null) to {@code file}. */
  public static void write(Path file, MessageType schema, List<Map<String, Object>> rows) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration(false))
        .withType(schema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      for (Map<String, Object> row : rows) {
        for (String key : row.keySet()) {
          if (!schema.containsField(key)) {
            throw new IllegalArgumentException("Row has column " + key + " that " + schema.getName() + " lacks");
          }
        }
        Group g = groups.newGroup();
        for (var field : schema.getFields()) {
          Object v = row.get(field.getName());
          if (v != null) {
            add(g, field.getName(), field.asPrimitiveType().getLogicalTypeAnnotation(), v);
          }
        }
        w.write(g);
      }
    }
  }

  private static void add(Group g, String name, LogicalTypeAnnotation logical, Object v) {
    if (v instanceof String s) {
      g.add(name, Binary.fromString(s));
    } else if (v instanceof Integer i) {
      g.add(name, i);
    } else if (v instanceof Long l) {
      g.add(name, l);
    } else if (v instanceof Double d) {
      g.add(name, d);
    } else if (v instanceof LocalDate d) {
      g.add(name, (int) d.toEpochDay());
    } else if (v instanceof LocalDateTime t) {
      g.add(name, ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), t));
    } else if (v instanceof BigDecimal d) {
      int scale = ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical).getScale();
      g.add(name, d.setScale(scale).unscaledValue().longValueExact());
    } else {
      throw new IllegalArgumentException(name + ": unsupported value type " + v.getClass());
    }
  }
}
