package org.carelake.pipeline.lake;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Replaces a partition with freshly written output: the old partition is moved aside, the new
 * one renamed into place, then _SUCCESS is written last, so a reader sees the old or the new
 * partition and a rerun of the same day replaces rather than duplicates.
 */
public final class PartitionPublisher {
  public static final String SUCCESS = "_SUCCESS";

  private final Configuration conf;

  public PartitionPublisher(Configuration conf) {
    this.conf = conf;
  }

  public void publish(Path written, Path partition) throws IOException {
    FileSystem fs = partition.getFileSystem(conf);
    if (!fs.exists(written)) {
      fs.mkdirs(written);
    }
    fs.delete(new Path(written, SUCCESS), false);
    fs.mkdirs(partition.getParent());
    Path old = new Path(partition.getParent(), "." + partition.getName() + ".replaced-" + System.nanoTime());
    boolean hadOld = fs.exists(partition);
    if (hadOld && !fs.rename(partition, old)) {
      throw new IOException("Cannot move the existing partition " + partition + " aside to " + old
          + "; check permissions on " + partition.getParent());
    }
    if (!fs.rename(written, partition)) {
      if (hadOld) {
        fs.rename(old, partition);
      }
      throw new IOException("Cannot rename " + written + " to " + partition + "; check that both are on one "
          + "file system and that " + partition.getParent() + " is writable");
    }
    fs.create(new Path(partition, SUCCESS), true).close();
    if (hadOld) {
      fs.delete(old, true);
    }
  }
}
