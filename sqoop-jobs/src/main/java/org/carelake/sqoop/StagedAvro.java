package org.carelake.sqoop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.FsInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an import actually left in its target directory, read back rather than taken from
 * Sqoop's exit code: the _SUCCESS marker, the part files, their record count and codec.
 */
final class StagedAvro {
  /** The marker FileOutputCommitter writes once every task has committed. */
  static final String SUCCESS_MARKER = "_SUCCESS";

  /**
   * The staged output.
   *
   * @param success whether the _SUCCESS marker exists
   * @param files the part files, fully qualified, sorted
   * @param records Avro records in all part files
   * @param bytes total size of the part files
   * @param codecs the distinct avro.codec values of the part files ("null" for uncompressed)
   */
  record Summary(boolean success, List<String> files, long records, long bytes, List<String> codecs) {
  }

  private StagedAvro() {
  }

  /** Reads {@code targetDir}; a missing directory is an empty, unsuccessful summary. */
  static Summary inspect(String targetDir, Configuration conf) throws IOException {
    Path dir = new Path(targetDir);
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return new Summary(false, List.of(), 0, 0, List.of());
    }
    boolean success = fs.isFile(new Path(dir, SUCCESS_MARKER));
    FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
    Arrays.sort(parts, Comparator.comparing(s -> s.getPath().getName()));
    List<String> files = new ArrayList<>();
    TreeSet<String> codecs = new TreeSet<>();
    long records = 0;
    long bytes = 0;
    for (FileStatus part : parts) {
      files.add(fs.makeQualified(part.getPath()).toString());
      bytes += part.getLen();
      try (FsInput in = new FsInput(part.getPath(), conf);
          DataFileReader<GenericRecord> reader = new DataFileReader<>(in, new GenericDatumReader<>())) {
        String codec = reader.getMetaString("avro.codec");
        codecs.add(codec == null ? "null" : codec);
        // whole blocks, not records: counts without decoding any value
        while (reader.hasNext()) {
          records += reader.getBlockCount();
          reader.nextBlock();
        }
      }
    }
    return new Summary(success, List.copyOf(files), records, bytes, List.copyOf(codecs));
  }
}
