package org.carelake.hive.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hadoop.conf.Configuration;
import org.carelake.hive.auth.SecretFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JDBC over TLS on a real in-process HiveServer2: a client trusting the server's certificate
 * connects and queries; a plain client and a client trusting another certificate are refused.
 */
class HiveServerTlsTest {
  @TempDir
  static Path tmp;
  static LocalHiveServer hive;
  static Path trustStore;
  static Path otherTrustStore;
  static final String TRUST_PASSWORD = "public-certs";

  @BeforeAll
  static void startTlsServer() {
    // the key store password comes from an owner-only file, as `carelake serve --tls` reads it
    char[] password = SecretFile.createRandom(tmp.resolve("keys/hiveserver2-tls.password"), 24);
    TlsKeystore key = SelfSignedKeystore.create(tmp.resolve("keys/hiveserver2-tls.p12"), password, "localhost", 30);
    trustStore = SelfSignedKeystore.writeTrustStore(key, tmp.resolve("truststore.p12"), TRUST_PASSWORD.toCharArray());
    TlsKeystore other = SelfSignedKeystore.create(tmp.resolve("other/key.p12"), "other-password".toCharArray(),
        "localhost", 30);
    otherTrustStore = SelfSignedKeystore.writeTrustStore(other, tmp.resolve("other/truststore.p12"),
        TRUST_PASSWORD.toCharArray());
    hive = LocalHiveServer.builder().baseDir(tmp.resolve("hive")).port(0).tls(key).build().start();
  }

  @AfterAll
  static void stop() {
    if (hive != null) {
      hive.close();
    }
  }

  private static String url(Path trust) {
    return hive.jdbcUrl() + ";sslTrustStore=" + trust + ";trustStorePassword=" + TRUST_PASSWORD;
  }

  @Test
  void aClientTrustingTheServerCertificateConnectsAndQueries() throws Exception {
    assertThat(hive.jdbcUrl()).endsWith(";ssl=true");
    try (Connection c = DriverManager.getConnection(url(trustStore), "analyst1", "");
         Statement st = c.createStatement()) {
      st.execute("CREATE TABLE tls_check (id INT, name STRING)");
      st.execute("INSERT INTO tls_check VALUES (1, 'over tls')");
      try (ResultSet rs = st.executeQuery("SELECT name, current_user() FROM tls_check WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("over tls");
        assertThat(rs.getString(2)).isEqualTo("analyst1");
      }
    }
  }

  @Test
  void aPlainConnectionToTheTlsPortIsRefused() {
    String plain = hive.jdbcUrl().replace(";ssl=true", "");
    assertThatThrownBy(() -> DriverManager.getConnection(plain, "analyst1", "").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Could not open client transport");
  }

  @Test
  void aClientTrustingAnotherCertificateFailsTheHandshake() {
    assertThatThrownBy(() -> DriverManager.getConnection(url(otherTrustStore), "analyst1", "").close())
        .isInstanceOf(SQLException.class)
        // both certificates name CN=localhost: PKIX picks the other one as anchor and its signature does not match
        .satisfies(e -> assertThat(causes(e)).anyMatch(t -> t instanceof SSLHandshakeException
            && t.getMessage().contains("PKIX path")));
  }

  @Test
  void theKeystorePasswordIsNotInHiveSiteButInAnOwnerOnlyCredentialStore() throws Exception {
    String password = new String(SecretFile.read(tmp.resolve("keys/hiveserver2-tls.password")));
    assertThat(Files.readString(hive.hiveSite())).contains("hive.server2.use.SSL").doesNotContain(password)
        .doesNotContain("hive.server2.keystore.password");
    Path store = hive.baseDir().resolve(TlsSettings.CREDENTIAL_STORE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
    Configuration conf = new Configuration(false);
    conf.set(TlsSettings.PROVIDER_PATH, hive.settings().get(TlsSettings.PROVIDER_PATH));
    conf.setBoolean("hadoop.security.credential.clear-text-fallback", false);
    assertThat(conf.getPassword(TlsSettings.KEYSTORE_PASSWORD)).containsExactly(password.toCharArray());
  }

  @Test
  void scriptsBeelineConnectsWithTheTrustStoreAndNotWithout() throws Exception {
    Path trustPassword = tmp.resolve("truststore.password");
    Files.writeString(trustPassword, TRUST_PASSWORD + "\n");
    String plainUrl = hive.jdbcUrl().replace(";ssl=true", "");
    Beeline ok = beeline("-n", "analyst1", "-p", "", "-u", plainUrl, "--truststore", trustStore.toString(),
        "--truststore-password-file", trustPassword.toString(), "-e", "SELECT concat('tls:', current_user())");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.stdout()).contains("tls:analyst1");

    Beeline plain = beeline("-n", "analyst1", "-p", "", "-u", plainUrl, "-e", "SELECT 1");
    assertThat(plain.exit()).as(plain.toString()).isNotZero();
    assertThat(plain.stdout() + plain.stderr()).contains("Could not open client transport");

    Beeline other = beeline("-n", "analyst1", "-p", "", "-u", plainUrl, "--truststore", otherTrustStore.toString(),
        "--truststore-password-file", trustPassword.toString(), "-e", "SELECT 1");
    assertThat(other.exit()).as(other.toString()).isNotZero();
    assertThat(other.stdout() + other.stderr()).contains("PKIX path");
  }

  record Beeline(int exit, String stdout, String stderr) {
  }

  private static Beeline beeline(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("carelake.home")).resolve("scripts/beeline").toString());
    cmd.addAll(java.util.List.of(args));
    Path out = Files.createTempFile(tmp, "beeline", ".out");
    Path err = Files.createTempFile(tmp, "beeline", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/beeline did not finish in 120 s");
    }
    return new Beeline(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static java.util.List<Throwable> causes(Throwable e) {
    java.util.List<Throwable> out = new java.util.ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
