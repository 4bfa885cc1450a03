package org.carelake.pipeline.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launches a CareLake module's main class in its own JVM. Sqoop (Avro 1.8.2) and Synthea
 * (Guava 31, slf4j 2) cannot share a classpath with Hive, so they run as Oozie would run them:
 * in a process of their own, with the classpath their module's build wrote to target/classpath.txt.
 */
public final class ChildJvm {
  private final Path moduleDir;
  private final String mainClass;
  private final List<String> jvmOptions = new ArrayList<>();

  public ChildJvm(Path moduleDir, String mainClass) {
    this.moduleDir = moduleDir;
    this.mainClass = mainClass;
  }

  public ChildJvm jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  /** The module's own classes (its jar, else target/classes) followed by its dependencies. */
  public String classpath() throws IOException {
    Path target = moduleDir.resolve("target");
    Path deps = target.resolve("classpath.txt");
    if (!Files.isRegularFile(deps)) {
      throw new IllegalStateException("Module " + moduleDir.getFileName() + " is not built (" + deps
          + " is missing); run `mvn -q -DskipTests package` in " + moduleDir.getParent() + " or use scripts/carelake, "
          + "which builds what it needs");
    }
    String own = null;
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*.jar")) {
      for (Path jar : jars) {
        String n = jar.getFileName().toString();
        if (!n.endsWith("-sources.jar") && !n.endsWith("-tests.jar")) {
          own = jar.toString();
        }
      }
    }
    if (own == null) {
      own = target.resolve("classes").toString();
    }
    return own + java.io.File.pathSeparator + Files.readString(deps, StandardCharsets.UTF_8).trim();
  }

  /**
   * Runs the main class with {@code args}; stdout and stderr go to {@code log}. Returns the exit
   * code, or throws if the process does not end within the timeout.
   */
  public int run(List<String> args, Path log, Map<String, String> environment, long timeoutMinutes)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(environment);
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(mainClass + " did not finish within " + timeoutMinutes + " minutes; see " + log);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
    return p.exitValue();
  }

  /** The last lines of a child's log that start with {@code marker}, for error messages. */
  public static String lastLineStartingWith(Path log, String marker) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith(marker)) {
          return lines.get(i);
        }
      }
      return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1);
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }
}
