package org.carelake.pipeline.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes events as JSON lines to one file per run under the lake (any Hadoop file system:
 * local, HDFS, S3A), flushed after each event. OpenLineage's own FileTransport writes to local
 * files only.
 */
public final class LakeTransport extends Transport {
  private final Configuration conf;
  private final Path file;
  private FSDataOutputStream out;

  public LakeTransport(Configuration conf, Path file) {
    this.conf = conf;
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public void emit(OpenLineage.RunEvent event) {
    write(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.DatasetEvent event) {
    write(OpenLineageClientUtils.toJson(event));
  }

  @Override
  public void emit(OpenLineage.JobEvent event) {
    write(OpenLineageClientUtils.toJson(event));
  }

  private synchronized void write(String json) {
    try {
      if (out == null) {
        FileSystem fs = fileSystem(file, conf);
        fs.mkdirs(file.getParent());
        out = fs.create(file, false);
      }
      out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
      out.hflush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write lineage events to " + file + ": " + e.getMessage()
          + "; check that the lake is writable", e);
    }
  }

  /**
   * The file system of a lineage file. Locally the raw one: the checksummed local file system
   * writes its .crc only on close, so the events of a run that died could not be read back.
   */
  static FileSystem fileSystem(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  @Override
  public synchronized void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
