package org.carelake.split;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Reads zone Parquet files back with Parquet's own example reader (physical values). */
public final class ParquetRows {
  private ParquetRows() {
  }

  /** The *.parquet files directly in {@code dir}, sorted by name. */
  public static List<Path> files(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<Path> files = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.getPath().getName().endsWith(".parquet") && !s.getPath().getName().startsWith(".")) {
        files.add(s.getPath());
      }
    }
    files.sort(null);
    return files;
  }

  /** Every row of every file in {@code dir}: column -> String/Integer/Long/Double (physical), or null. */
  public static List<Map<String, Object>> read(Configuration conf, Path dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path file : files(conf, dir)) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          rows.add(toMap(g));
        }
      }
    }
    return rows;
  }

  public static MessageType schema(Configuration conf, Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
        org.apache.parquet.HadoopReadOptions.builder(conf, file).build())) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  private static Map<String, Object> toMap(Group g) {
    Map<String, Object> row = new LinkedHashMap<>();
    List<Type> fields = g.getType().getFields();
    for (int i = 0; i < fields.size(); i++) {
      Type t = fields.get(i);
      if (g.getFieldRepetitionCount(i) == 0) {
        row.put(t.getName(), null);
        continue;
      }
      PrimitiveType p = t.asPrimitiveType();
      switch (p.getPrimitiveTypeName()) {
        case BINARY: row.put(t.getName(), g.getString(i, 0)); break;
        case INT32: row.put(t.getName(), g.getInteger(i, 0)); break;
        case INT64: row.put(t.getName(), g.getLong(i, 0)); break;
        case DOUBLE: row.put(t.getName(), g.getDouble(i, 0)); break;
        default: row.put(t.getName(), g.getValueToString(i, 0)); break;
      }
    }
    return row;
  }
}
