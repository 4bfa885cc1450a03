package org.carelake.sqoop;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/** Every record of a staged table read back with Avro 1.8.2, plus each file's schema and codec. */
record StagedRecords(List<GenericRecord> records, List<Schema> schemas, TreeSet<String> codecs, List<Path> files) {

  static StagedRecords read(Path targetDir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(targetDir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    List<GenericRecord> records = new ArrayList<>();
    List<Schema> schemas = new ArrayList<>();
    TreeSet<String> codecs = new TreeSet<>();
    for (Path f : files) {
      try (DataFileReader<GenericRecord> r = new DataFileReader<>(new File(f.toString()), new GenericDatumReader<>())) {
        codecs.add(String.valueOf(r.getMetaString("avro.codec")));
        schemas.add(r.getSchema());
        for (GenericRecord g : r) {
          records.add(g);
        }
      }
    }
    return new StagedRecords(records, schemas, codecs, files);
  }
}
