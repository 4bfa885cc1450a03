package org.carelake.pipeline.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carelake.pipeline.config.PipelineConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  /** Holds the lock in a separate process until its stdin closes. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      try (RunLock lock = RunLock.acquire(Path.of(args[0]), "backfill 2027-03-12 .. 2027-03-16")) {
        System.out.println("locked");
        System.out.flush();
        System.in.read();
      }
    }
  }

  @Test
  void aSecondRunIsRefusedNamingTheHolderAndTheLockDiesWithItsProcess(@TempDir Path work) throws Exception {
    Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), work.toString())).start();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(r.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> RunLock.acquire(work, "nightly 2027-03-14"))
          .isInstanceOf(PipelineConfigException.class)
          .hasMessageContaining("Another CareLake run holds " + RunLock.file(work))
          .hasMessageContaining("pid " + holder.pid()).hasMessageContaining("backfill 2027-03-12 .. 2027-03-16");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    // killed, not closed: the OS released the lock
    try (RunLock lock = RunLock.acquire(work, "nightly 2027-03-14")) {
      assertThatThrownBy(() -> RunLock.acquire(work, "backfill")).hasMessageContaining("already holds");
    }
    RunLock.acquire(work, "again").close();
  }
}
