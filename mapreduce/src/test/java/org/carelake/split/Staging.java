package org.carelake.split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * Staging files in the shape Sqoop 1.4.7 writes them: Avro data files, bzip2 codec, one nullable
 * field per catalog column; id/string/text/decimal/date/timestamp as strings (temporal columns
 * mapped to String), int as int, bigint as long, double as double.
 */
public final class Staging {
  private Staging() {
  }

  public static DataCatalog catalog() {
    return DataCatalog.load(Path.of(System.getProperty("carelake.home"), DataCatalog.DEFAULT_RELATIVE_PATH));
  }

  /** The Avro schema of a table; upper-case field names as H2 reports them when {@code upperCase}. */
  public static Schema schema(TableSpec table, boolean upperCase) {
    SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(table.name()).doc("Sqoop import of " + table.name())
        .fields();
    for (ColumnSpec c : table.columns()) {
      String name = upperCase ? c.name().toUpperCase(Locale.ROOT) : c.name();
      switch (c.type().kind()) {
        case INT: fields = fields.optionalInt(name); break;
        case BIGINT: fields = fields.optionalLong(name); break;
        case DOUBLE: fields = fields.optionalDouble(name); break;
        default: fields = fields.optionalString(name); break;
      }
    }
    return fields.endRecord();
  }

  /**
   * A staging record from a Synthea CSV row (column -> text, null for NULL). row_id and
   * last_modified are the source database's; Synthea's ISO timestamps ("2014-05-06T08:34:30Z")
   * become the database form ("2014-05-06 08:34:30") unless {@code keepIsoTimestamps}.
   */
  public static GenericRecord record(Schema schema, TableSpec table, Map<String, String> csv, long rowId,
      String lastModified) {
    GenericRecord r = new GenericData.Record(schema);
    for (Schema.Field f : schema.getFields()) {
      String name = f.name().toLowerCase(Locale.ROOT);
      ColumnSpec c = table.requireColumn(name);
      String text = name.equals(TableSpec.ROW_ID) ? Long.toString(rowId)
          : name.equals(TableSpec.LAST_MODIFIED) ? lastModified : csv.get(name);
      if (text == null) {
        r.put(f.pos(), null);
        continue;
      }
      switch (c.type().kind()) {
        case INT: r.put(f.pos(), Integer.parseInt(text)); break;
        case BIGINT: r.put(f.pos(), Long.parseLong(text)); break;
        case DOUBLE: r.put(f.pos(), Double.parseDouble(text)); break;
        case TIMESTAMP: r.put(f.pos(), databaseForm(text)); break;
        default: r.put(f.pos(), text); break;
      }
    }
    return r;
  }

  /** "2014-05-06T08:34:30Z" -> "2014-05-06 08:34:30" (what PostgreSQL's JDBC driver gives Sqoop). */
  public static String databaseForm(String iso) {
    return iso.endsWith("Z") && iso.length() == 20 ? iso.substring(0, 10) + " " + iso.substring(11, 19) : iso;
  }

  /** Writes records as one bzip2 Avro data file with small blocks (many sync markers, so many splits). */
  public static void write(Path file, Schema schema, List<GenericRecord> records) throws IOException {
    Files.createDirectories(file.getParent());
    try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.setCodec(CodecFactory.bzip2Codec());
      writer.setSyncInterval(2048);
      writer.create(schema, file.toFile());
      for (GenericRecord r : records) {
        writer.append(r);
      }
    }
  }
}
