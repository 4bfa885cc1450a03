package org.carelake.hive.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carelake.hive.auth.SecretFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key store mistakes fail before HiveServer2 starts, naming the file and the fix. */
class TlsKeystoreTest {
  @TempDir
  Path tmp;

  @Test
  void aSelfSignedKeyStoreOpensWithItsPasswordOnlyAndIsOwnerOnly() throws Exception {
    Path file = tmp.resolve("hs2.p12");
    TlsKeystore key = SelfSignedKeystore.create(file, "right-password".toCharArray(), "localhost", 1);
    assertThat(key.type()).isEqualTo("PKCS12");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(TlsKeystore.load(file, "right-password".toCharArray()).path()).isEqualTo(file);
    assertThatThrownBy(() -> TlsKeystore.load(file, "wrong-password".toCharArray()))
        .hasMessageContaining("Wrong password").hasMessageContaining(file.toString())
        .hasMessageNotContaining("wrong-password");
    assertThatThrownBy(() -> SelfSignedKeystore.create(file, "x-password".toCharArray(), "localhost", 1))
        .hasMessageContaining("exists already");
  }

  @Test
  void aTrustStoreOrAMissingFileIsRefusedAsAServerKeyStore() {
    TlsKeystore key = SelfSignedKeystore.create(tmp.resolve("hs2.p12"), "right-password".toCharArray(), "localhost", 1);
    Path trust = SelfSignedKeystore.writeTrustStore(key, tmp.resolve("trust.p12"), "public-certs".toCharArray());
    assertThatThrownBy(() -> TlsKeystore.load(trust, "public-certs".toCharArray()))
        .hasMessageContaining("holds no private key").hasMessageContaining("trust store");
    assertThatThrownBy(() -> TlsKeystore.load(tmp.resolve("missing.p12"), "x".toCharArray()))
        .hasMessageContaining("does not exist").hasMessageContaining("carelake serve --tls");
  }

  @Test
  void aPasswordFileOthersCanReadIsRefused() throws Exception {
    Path file = tmp.resolve("ks.password");
    Files.writeString(file, "secret-password\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecretFile.read(file)).hasMessageContaining("chmod 600 " + file);
  }
}
