package org.carelake.hive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.security.sasl.AuthenticationException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local HiveServer2 logins: hashes only, owner-only files, changes applied to the next login. */
class PasswordFileTest {
  @TempDir
  Path tmp;

  @Test
  void aPasswordIsStoredAsASaltedHashAndVerified() throws Exception {
    Path file = tmp.resolve("hs2.passwd");
    PasswordFile logins = PasswordFile.read(file).withPassword("analyst1", "correct horse".toCharArray(), 1000);
    String text = Files.readString(file);
    assertThat(text).contains("analyst1:pbkdf2-sha256$1000$").doesNotContain("correct horse");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(logins.verify("analyst1", "correct horse".toCharArray())).isTrue();
    assertThat(logins.verify("analyst1", "correct horsE".toCharArray())).isFalse();
    assertThat(logins.verify("nobody", "correct horse".toCharArray())).isFalse();
    // the same password twice gives two different hashes (random salt)
    String first = text.lines().filter(l -> l.startsWith("analyst1:")).findFirst().orElseThrow();
    PasswordFile.read(file).withPassword("analyst1", "correct horse".toCharArray(), 1000);
    assertThat(Files.readString(file)).doesNotContain(first);
    assertThatThrownBy(() -> logins.withPassword("analyst1", "short".toCharArray(), 1000))
        .hasMessageContaining("shorter than 8");
  }

  @Test
  void aFileOthersCanReadIsRefusedAndAHandEditedLineNamedWithoutItsContent() throws Exception {
    Path file = tmp.resolve("open.passwd");
    PasswordFile.read(file).withPassword("steward1", "steward-secret".toCharArray(), 1000);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> PasswordFile.read(file)).hasMessageContaining("chmod 600 " + file);

    Path edited = tmp.resolve("edited.passwd");
    Files.writeString(edited, "analyst2:my-plain-password\n");
    Files.setPosixFilePermissions(edited, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PasswordFile.read(edited)).hasMessageContaining(edited + ":1")
        .hasMessageContaining("carelake passwd").hasMessageNotContaining("my-plain-password");
  }

  @Test
  void theAuthenticatorAppliesAChangedFileToTheNextLogin() throws Exception {
    Path file = tmp.resolve("live.passwd");
    PasswordFile.read(file).withPassword("analyst1", "first-password".toCharArray(), 1000);
    PasswordFileAuthenticator auth = new PasswordFileAuthenticator();
    Configuration conf = new Configuration(false);
    conf.set(PasswordFileAuthenticator.PASSWORD_FILE, file.toString());
    auth.setConf(conf);
    assertThatCode(() -> auth.Authenticate("analyst1", "first-password")).doesNotThrowAnyException();
    assertThatThrownBy(() -> auth.Authenticate("analyst1", "")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> auth.Authenticate("analyst9", "first-password")).isInstanceOf(AuthenticationException.class);
    Thread.sleep(1100); // file times have one-second resolution on some file systems
    PasswordFile.read(file).withPassword("analyst1", "second-password".toCharArray(), 1000);
    assertThatThrownBy(() -> auth.Authenticate("analyst1", "first-password")).isInstanceOf(AuthenticationException.class);
    assertThatCode(() -> auth.Authenticate("analyst1", "second-password")).doesNotThrowAnyException();
    // a file others can read lets nobody in
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    Thread.sleep(1100);
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    assertThatThrownBy(() -> auth.Authenticate("analyst1", "second-password"))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("cannot read its password file");
  }

  @Test
  void aServiceLoginIsGeneratedOnceOwnerOnlyAndAccepted() throws Exception {
    Path secret = tmp.resolve("keys/etl.hive-password");
    Path logins = tmp.resolve("keys/hs2.passwd");
    String first = ServiceLogin.ensure("etl", secret, logins);
    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("r--------");
    assertThat(ServiceLogin.ensure("etl", secret, logins)).isEqualTo(first);
    assertThat(PasswordFile.read(logins).verify("etl", first.toCharArray())).isTrue();
    assertThat(Files.readString(logins)).doesNotContain(first);
  }
}
