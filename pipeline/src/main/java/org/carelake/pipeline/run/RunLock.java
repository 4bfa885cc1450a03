package org.carelake.pipeline.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.carelake.pipeline.config.PipelineConfigException;

/**
 * One run at a time per work directory (nightly or backfill): an OS file lock on
 * &lt;work&gt;/locks/run.lock, released when the process ends however it ends, so a crashed run
 * never leaves a stale lock. The file names the holder (pid, command, start) for the message.
 */
public final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static Path file(Path workDir) {
    return workDir.resolve("locks").resolve("run.lock");
  }

  /** Takes the lock or fails, naming the run that holds it. */
  public static RunLock acquire(Path workDir, String what) {
    Path file = file(workDir);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new PipelineConfigException("Another CareLake run holds %s (%s); wait for it to finish, it is released "
            + "when that process ends", file, holder.isEmpty() ? "holder unknown" : holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", " + what + ", since " + Instant.now())
          .getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(channel, lock);
    } catch (java.nio.channels.OverlappingFileLockException e) {
      throw new PipelineConfigException("This process already holds %s; one run at a time", file);
    } catch (IOException e) {
      throw new PipelineConfigException("Cannot take the run lock %s (%s); check that the work directory is writable",
          file, e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
      channel.close();
    } catch (IOException e) {
      // released with the process anyway
    }
  }
}
