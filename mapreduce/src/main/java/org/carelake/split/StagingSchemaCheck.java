package org.carelake.split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.LogicalType;
import org.carelake.catalog.TableSpec;

/**
 * Checks, before anything is written, that every staging file's Avro schema has exactly the
 * catalog's columns (names matched case-insensitively: H2 upper-cases them) with a type the split
 * can convert. An unclassified column would otherwise never reach the general zone silently,
 * and a dropped one would quarantine every row.
 */
public final class StagingSchemaCheck {
  private StagingSchemaCheck() {
  }

  /** The data files of the partition (hidden and _-prefixed files such as _SUCCESS excluded), each checked. */
  public static List<Path> check(Configuration conf, Path input, TableSpec table) throws IOException {
    FileSystem fs = input.getFileSystem(conf);
    if (!fs.exists(input)) {
      throw new SplitJobException("Staging partition %s of table '%s' does not exist; run the import for that "
          + "date first (or pass the right staging directory)", input, table.name());
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(input, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))) {
      if (status.isDirectory()) {
        throw new SplitJobException("Staging partition %s of table '%s' contains the directory %s; a partition "
            + "holds only Sqoop's part-m-* files: move it away", input, table.name(), status.getPath().getName());
      }
      files.add(status.getPath());
    }
    for (Path file : files) {
      checkSchema(table, file, readSchema(conf, file, table));
    }
    return files;
  }

  static void checkSchema(TableSpec table, Path file, Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new SplitJobException("Staging file %s of table '%s' holds %s values, not records; re-import it "
          + "with --as-avrodatafile", file, table.name(), schema.getType());
    }
    Map<String, Schema.Field> fields = new LinkedHashMap<>();
    for (Schema.Field field : schema.getFields()) {
      String name = field.name().toLowerCase(Locale.ROOT);
      if (fields.put(name, field) != null) {
        throw new SplitJobException("Staging file %s of table '%s' has column '%s' twice (names differ only in "
            + "case); rename one in the source", file, table.name(), name);
      }
      if (table.column(name).isEmpty()) {
        throw new SplitJobException("Staging table '%s' has column '%s' (file %s), which the data classification "
            + "catalog does not know; classify it in catalog/data-classification.json (type and HIPAA treatment) "
            + "before splitting: nothing unclassified may reach the general zone", table.name(), name, file);
      }
    }
    for (ColumnSpec column : table.columns()) {
      Schema.Field field = fields.get(column.name());
      if (field == null) {
        throw new SplitJobException("Catalog column %s.%s is missing from staging file %s; re-import the table "
            + "with the catalog's column list (sqoop-jobs/) or, if the source dropped it, remove it from "
            + "catalog/data-classification.json", table.name(), column.name(), file);
      }
      Schema.Type type = valueType(field.schema());
      if (type == null || !convertible(column.type()).contains(type)) {
        throw new SplitJobException("Staging column %s.%s (file %s) is Avro %s, which cannot become the catalog "
            + "type %s; map it with --map-column-java %s=String in its Sqoop options, or fix the catalog type",
            table.name(), column.name(), file, field.schema(), column.type(), column.name());
      }
    }
  }

  /** The non-null branch of a nullable union (Sqoop makes every column one), or the type itself. */
  private static Schema.Type valueType(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema.getType();
    }
    Schema.Type found = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        if (found != null) {
          return null; // a union of two value types: not something Sqoop writes
        }
        found = branch.getType();
      }
    }
    return found;
  }

  private static Set<Schema.Type> convertible(LogicalType type) {
    switch (type.kind()) {
      case ID: case STRING: case TEXT:
        return EnumSet.of(Schema.Type.STRING, Schema.Type.ENUM, Schema.Type.INT, Schema.Type.LONG,
            Schema.Type.FLOAT, Schema.Type.DOUBLE, Schema.Type.BOOLEAN);
      case DATE:
        return EnumSet.of(Schema.Type.STRING, Schema.Type.INT, Schema.Type.LONG);
      case TIMESTAMP:
        return EnumSet.of(Schema.Type.STRING, Schema.Type.LONG);
      case DECIMAL: case DOUBLE:
        return EnumSet.of(Schema.Type.STRING, Schema.Type.INT, Schema.Type.LONG, Schema.Type.FLOAT,
            Schema.Type.DOUBLE);
      case INT: case BIGINT:
        return EnumSet.of(Schema.Type.STRING, Schema.Type.INT, Schema.Type.LONG);
      default:
        throw new AssertionError(type);
    }
  }

  private static Schema readSchema(Configuration conf, Path file, TableSpec table) {
    try (DataFileReader<Object> reader = new DataFileReader<>(new FsInput(file, conf), new GenericDatumReader<>())) {
      return reader.getSchema();
    } catch (IOException e) {
      throw new SplitJobException(e, "Staging file %s of table '%s' is not a readable Avro data file (%s); "
          + "re-run the import for that date", file, table.name(), e.getMessage());
    }
  }
}
