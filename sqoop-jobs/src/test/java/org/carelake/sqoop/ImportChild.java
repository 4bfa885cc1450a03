package org.carelake.sqoop;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches ImportTable as the pipeline does: its own JVM, the module's classpath (here the
 * test JVM's java.class.path, which forked Surefire sets to the full test classpath).
 */
final class ImportChild {
  /** The child's time zone: not UTC, with a DST gap on 2014-03-09, so a time-zone conversion would show. */
  static final String CHILD_TIME_ZONE = "America/New_York";

  record Run(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private ImportChild() {
  }

  static Run run(List<String> args, Path cwd, Path logDir) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Duser.timezone=" + CHILD_TIME_ZONE);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ImportTable.class.getName());
    cmd.addAll(args);
    Files.createDirectories(logDir);
    File out = logDir.resolve("child.stdout").toFile();
    File err = logDir.resolve("child.stderr").toFile();
    Process p = new ProcessBuilder(cmd).directory(cwd.toFile())
        .redirectOutput(out).redirectError(err).start();
    if (!p.waitFor(240, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ImportTable child did not finish in 240 s; see " + logDir);
    }
    return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }
}
