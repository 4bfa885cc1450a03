package org.carelake.split.output;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.SplitJobConf;
import org.carelake.split.crypto.CryptoConf;
import org.apache.parquet.crypto.EncryptionPropertiesFactory;
import org.apache.parquet.crypto.FileEncryptionProperties;

/**
 * Writes each task's rows as ZONE/part-m-NNNNN.parquet (Snappy) under the task's work path, so
 * the FileOutputCommitter publishes all zones of a task together, or none of them. A zone's
 * file is opened on its first row: a task without quarantined rows writes no quarantine file.
 * Every file is encrypted (Parquet modular encryption, footer and all columns) under its zone's
 * master key ({@link CryptoConf}); a zone whose encryption cannot be set up is never written in
 * plaintext.
 */
public class ZoneOutputFormat extends FileOutputFormat<NullWritable, ZoneRow> {
  public static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;
  /**
   * Row group size (parquet.block.size). A ParquetWriter buffers a whole row group in memory and
   * a task holds up to three writers, so the default is 32 MB rather than Parquet's 128 MB.
   */
  public static final String ROW_GROUP_SIZE = "parquet.block.size";
  public static final long DEFAULT_ROW_GROUP_SIZE = 32L * 1024 * 1024;

  @Override
  public RecordWriter<NullWritable, ZoneRow> getRecordWriter(TaskAttemptContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    DataCatalog catalog = SplitJobConf.getCatalog(conf);
    TableSpec table = catalog.table(SplitJobConf.getTable(conf));
    Path work = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    String fileName = getUniqueFile(context, "part", ".parquet");
    return new ZoneRecordWriter(conf, catalog, table, work, fileName);
  }

  /** The encryption of one zone file; fails rather than let a zone be written in plaintext. */
  static FileEncryptionProperties encryption(Configuration zoneConf, Path file, ZoneWriteSupport support, Zone zone,
      String table) throws IOException {
    EncryptionPropertiesFactory factory = EncryptionPropertiesFactory.loadFactory(zoneConf);
    FileEncryptionProperties props = factory == null ? null
        : factory.getFileEncryptionProperties(zoneConf, file, support.init(zoneConf));
    if (props == null) {
      throw new IOException("The " + zone.dirName() + " zone of table " + table + " would be written without "
          + "encryption; set " + CryptoConf.CRYPTO_FACTORY_CLASS + " and the zone's master key");
    }
    return props;
  }

  private static final class ZoneRecordWriter extends RecordWriter<NullWritable, ZoneRow> {
    private final Configuration conf;
    private final DataCatalog catalog;
    private final TableSpec table;
    private final Path work;
    private final String fileName;
    private final Map<Zone, ParquetWriter<ZoneRow>> writers = new EnumMap<>(Zone.class);

    ZoneRecordWriter(Configuration conf, DataCatalog catalog, TableSpec table, Path work, String fileName) {
      this.conf = conf;
      this.catalog = catalog;
      this.table = table;
      this.work = work;
      this.fileName = fileName;
    }

    @Override
    public void write(NullWritable key, ZoneRow row) throws IOException {
      ParquetWriter<ZoneRow> writer = writers.get(row.zone());
      if (writer == null) {
        if (!row.zone().appliesTo(catalog, table)) {
          throw new IOException("Table " + table.name() + " has no " + row.zone().dirName() + " zone");
        }
        Path file = new Path(new Path(work, row.zone().dirName()), fileName);
        Configuration zoneConf = CryptoConf.forZone(conf, row.zone());
        ZoneWriteSupport support = new ZoneWriteSupport(table.name(), row.zone(), row.zone().columns(catalog, table));
        writer = new Builder(HadoopOutputFile.fromPath(file, zoneConf), support)
            .withConf(zoneConf)
            .withEncryption(encryption(zoneConf, file, support, row.zone(), table.name()))
            .withCompressionCodec(CODEC)
            .withRowGroupSize(conf.getLong(ROW_GROUP_SIZE, DEFAULT_ROW_GROUP_SIZE))
            .withWriteMode(ParquetFileWriter.Mode.CREATE)
            .build();
        writers.put(row.zone(), writer);
      }
      writer.write(row);
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException {
      IOException failure = null;
      for (ParquetWriter<ZoneRow> writer : writers.values()) {
        try {
          writer.close();
        } catch (IOException | RuntimeException e) {
          if (failure == null) {
            failure = new IOException("Closing a Parquet file of table " + table.name() + " failed", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static final class Builder extends ParquetWriter.Builder<ZoneRow, Builder> {
    private final ZoneWriteSupport writeSupport;

    Builder(OutputFile file, ZoneWriteSupport writeSupport) {
      super(file);
      this.writeSupport = writeSupport;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<ZoneRow> getWriteSupport(Configuration conf) {
      return writeSupport;
    }
  }
}
