package org.carelake.hive.metastore;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;

/**
 * A {@link ThriftMetastore} in a JVM of its own, started from this one: for tests, and for anyone
 * who wants HiveServer2 and the metastore as separate processes on one machine. {@link #close}
 * ends the process; the database keeps everything.
 */
public final class MetastoreProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private MetastoreProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the metastore on {@code port} with {@code classpath} (one holding Hive and the JDBC
   * driver) and waits until it answers a Thrift call.
   */
  public static MetastoreProcess start(MetastoreDatabase db, int port, Path baseDir, String warehouse,
      String classpath, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(baseDir);
    Path log = baseDir.resolve("metastore.log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-Duser.timezone=UTC");
    cmd.add("-Djava.net.preferIPv4Stack=true");
    cmd.add("--add-opens=java.base/java.net=ALL-UNNAMED");
    cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    cmd.add("--add-opens=java.base/java.util=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(ThriftMetastore.class.getName());
    cmd.addAll(List.of("--port", Integer.toString(port), "--base-dir", baseDir.toString(), "--warehouse", warehouse,
        "--db-url", db.jdbcUrl(), "--db-user", db.user()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
        log.toFile())).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((db.password() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    MetastoreProcess m = new MetastoreProcess(p, port, log);
    try {
      m.awaitThrift(timeout);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  public String uri() {
    return "thrift://localhost:" + port;
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  private void awaitThrift(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("The metastore process ended with exit code " + process.exitValue() + " before it "
            + "served; see " + log + ", which ends:\n" + tail(log, 15));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 1000);
        HiveConf conf = new HiveConf();
        MetastoreConf.setVar(conf, MetastoreConf.ConfVars.THRIFT_URIS, uri());
        HiveMetaStoreClient client = new HiveMetaStoreClient(conf);
        try {
          client.getAllDatabases();
          return;
        } finally {
          client.close();
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new IOException("The metastore at " + uri() + " did not answer within " + timeout.toSeconds() + " s (last: "
        + (last == null ? "none" : last.getMessage()) + "); see " + log);
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Ends the process and waits for it. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
