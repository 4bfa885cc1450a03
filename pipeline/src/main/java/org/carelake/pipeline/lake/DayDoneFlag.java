package org.carelake.pipeline.lake;

import java.io.IOException;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * _manifests/dt=D/_SUCCESS: day D is complete (every table imported, split, registered, the
 * snapshot built and the counts reconciled). Deleted when a run of D starts, written last when
 * it ends well; the Oozie coordinators wait for the same flag. Backfills skip complete days.
 */
public final class DayDoneFlag {
  private final Configuration conf;
  private final Lake lake;

  public DayDoneFlag(Configuration conf, Lake lake) {
    this.conf = conf;
    this.lake = lake;
  }

  public Path path(LocalDate day) {
    return new Path(lake.manifests(day), PartitionPublisher.SUCCESS);
  }

  public boolean isComplete(LocalDate day) throws IOException {
    Path flag = path(day);
    return flag.getFileSystem(conf).exists(flag);
  }

  /** Removes the flag (the day is being rebuilt); returns whether the day was complete. */
  public boolean clear(LocalDate day) throws IOException {
    Path flag = path(day);
    return flag.getFileSystem(conf).delete(flag, false);
  }

  public void markComplete(LocalDate day) throws IOException {
    Path flag = path(day);
    flag.getFileSystem(conf).create(flag, true).close();
  }
}
