package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged-output check on real Avro files: Sqoop's exit code alone is never trusted. */
class StagedAvroTest {
  private static final Schema SCHEMA = SchemaBuilder.record("observations").fields()
      .optionalLong("row_id").optionalString("value").endRecord();

  @TempDir
  Path tmp;

  private static void writePart(Path file, CodecFactory codec, int records) throws Exception {
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(SCHEMA))) {
      w.setCodec(codec);
      w.setSyncInterval(64); // several blocks per file: the count must add them all
      w.create(SCHEMA, new File(file.toString()));
      for (int i = 0; i < records; i++) {
        GenericRecord r = new GenericData.Record(SCHEMA);
        r.put("row_id", (long) i);
        r.put("value", "value number " + i + " with enough text to fill a block");
        w.append(r);
      }
    }
  }

  @Test
  void countsRecordsOverEveryBlockAndPartFile() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("ok"));
    writePart(dir.resolve("part-m-00000.avro"), CodecFactory.bzip2Codec(), 120);
    writePart(dir.resolve("part-m-00001.avro"), CodecFactory.bzip2Codec(), 0);
    writePart(dir.resolve("part-m-00002.avro"), CodecFactory.bzip2Codec(), 7);
    Files.createFile(dir.resolve("_SUCCESS"));

    StagedAvro.Summary s = StagedAvro.inspect(dir.toString(), LocalSqoopConf.forFileSystem());

    assertThat(s.success()).isTrue();
    assertThat(s.records()).isEqualTo(127);
    assertThat(s.files()).hasSize(3).allSatisfy(f -> assertThat(f).startsWith("file:"));
    assertThat(s.bytes()).isEqualTo(Files.size(dir.resolve("part-m-00000.avro"))
        + Files.size(dir.resolve("part-m-00001.avro")) + Files.size(dir.resolve("part-m-00002.avro")));
    assertThat(s.codecs()).containsExactly("bzip2");
    assertThatCode(() -> ImportTable.verifyStaged(0, s, 127, dir.toString())).doesNotThrowAnyException();

    assertThatThrownBy(() -> ImportTable.verifyStaged(0, s, 128, dir.toString()))
        .hasMessageContaining("staged 127 Avro records but counted 128 source rows")
        .hasMessageContaining("delete " + dir);
    assertThatThrownBy(() -> ImportTable.verifyStaged(1, s, 127, dir.toString()))
        .hasMessageContaining("Sqoop exited with code 1");
  }

  @Test
  void aZeroExitWithoutSuccessMarkerOrWithAnotherCodecFails() throws Exception {
    Path uncommitted = Files.createDirectories(tmp.resolve("uncommitted"));
    writePart(uncommitted.resolve("part-m-00000.avro"), CodecFactory.bzip2Codec(), 5);
    StagedAvro.Summary s = StagedAvro.inspect(uncommitted.toString(), LocalSqoopConf.forFileSystem());
    assertThat(s.success()).isFalse();
    assertThatThrownBy(() -> ImportTable.verifyStaged(0, s, 5, uncommitted.toString()))
        .isInstanceOf(ImportFailure.class).hasMessageContaining("has no _SUCCESS marker");

    Path deflate = Files.createDirectories(tmp.resolve("deflate"));
    writePart(deflate.resolve("part-m-00000.avro"), CodecFactory.deflateCodec(6), 5);
    Files.createFile(deflate.resolve("_SUCCESS"));
    StagedAvro.Summary d = StagedAvro.inspect(deflate.toString(), LocalSqoopConf.forFileSystem());
    assertThat(d.codecs()).containsExactly("deflate");
    assertThatThrownBy(() -> ImportTable.verifyStaged(0, d, 5, deflate.toString()))
        .hasMessageContaining("codec(s) [deflate], not bzip2");

    StagedAvro.Summary missing = StagedAvro.inspect(tmp.resolve("absent").toString(), LocalSqoopConf.forFileSystem());
    assertThat(missing.success()).isFalse();
    assertThat(missing.files()).isEmpty();
  }
}
