package org.carelake.hive.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures that must name their cause before HiveServer2 starts (so without starting
 * it): a taken port, a metastore another process holds, a missing base directory.
 */
class LocalHiveServerStartupTest {

  @Test
  void aTakenPortFailsNamingThePortAndHowToChooseAnother(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> LocalHiveServer.builder().baseDir(dir).port(port).build().start())
          .isInstanceOf(HiveServerStartException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("already in use")
          .hasMessageContaining("choose another port");
    }
    // the failed start released the JVM-wide slot
    assertThatThrownBy(() -> LocalHiveServer.builder().baseDir(dir).port(-1).build().start())
        .hasMessageContaining("not a TCP port");
  }

  @Test
  void aMetastoreHeldByAnotherProcessFailsNamingTheDirectory(@TempDir Path dir) throws Exception {
    Path metastore = dir.resolve("hive").resolve("metastore_db").toAbsolutePath();
    Files.createDirectories(metastore.getParent());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        DerbyHolder.class.getName(), metastore.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("ready");

      assertThatThrownBy(() -> LocalHiveServer.builder().baseDir(dir.resolve("hive")).build().start())
          .isInstanceOf(HiveServerStartException.class)
          .hasMessageContaining(metastore.toString())
          .hasMessageContaining("in use by another process")
          .hasMessageContaining("carelake serve");
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(20, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
  }

  @Test
  void aServerNeedsABaseDirectoryAThriftMetastoreUriAndItsOwnOptionsForItsOwnSettings() {
    assertThatThrownBy(() -> LocalHiveServer.builder().port(0).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("baseDir");
    assertThatThrownBy(() -> LocalHiveServer.builder().metastoreUri("localhost:9083"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thrift://");
    assertThatThrownBy(() -> LocalHiveServer.builder().setting("hive.server2.thrift.port", "10001"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port(int)");
  }
}
