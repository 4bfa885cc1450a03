package org.carelake.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `carelake serve` TLS options refused before HiveServer2 starts. */
class ServeCommandTest {
  @TempDir
  Path work;

  @Test
  void aKeyStorePasswordWithoutAKeyStoreIsRefusedNamingTheFix() throws Exception {
    Path secret = work.resolve("ks.password");
    Files.writeString(secret, "store-password\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));
    PolicyCommandTest.Run run = PolicyCommandTest.cli("serve", "--port", "0", "--tls-password-file", secret.toString(),
        "--work-dir", work.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(64);
    assertThat(run.err()).contains("give the key store too");
  }

  @Test
  void aKeyStoreWithAWrongPasswordIsRefusedNamingTheFile() throws Exception {
    Path keystore = work.resolve("hs2.p12");
    org.carelake.hive.server.SelfSignedKeystore.create(keystore, "store-password".toCharArray(), "localhost", 1);
    Path secret = work.resolve("ks.password");
    Files.writeString(secret, "wrong-password\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("r--------"));
    PolicyCommandTest.Run run = PolicyCommandTest.cli("serve", "--port", "0", "--tls-keystore", keystore.toString(),
        "--tls-password-file", secret.toString(), "--work-dir", work.toString());
    assertThat(run.exit()).as(run.toString()).isEqualTo(64);
    assertThat(run.err()).contains("Wrong password for TLS key store " + keystore).doesNotContain("wrong-password");
  }
}
