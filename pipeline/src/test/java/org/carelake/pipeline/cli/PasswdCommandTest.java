package org.carelake.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.carelake.hive.auth.PasswordFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scripts/carelake passwd USER`: a hash in the work directory's login file, never the password. */
class PasswdCommandTest {
  @TempDir
  Path work;

  @Test
  void setsAHashedPasswordFromAnOwnerOnlyFileAndRefusesTheEtlLogin() throws Exception {
    Path secret = work.resolve("analyst2.pw");
    Files.writeString(secret, "a-long-enough-password\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

    PolicyCommandTest.Run set = PolicyCommandTest.cli("passwd", "analyst2", "--password-file", secret.toString(),
        "--work-dir", work.toString());
    assertThat(set.exit()).as(set.toString()).isZero();
    Path logins = work.resolve("keys/hiveserver2.passwd");
    assertThat(set.out()).contains("Password of analyst2 set in " + logins);
    assertThat(Files.readString(logins)).contains("analyst2:pbkdf2-sha256$").doesNotContain("a-long-enough-password");
    assertThat(PasswordFile.read(logins).verify("analyst2", "a-long-enough-password".toCharArray())).isTrue();

    PolicyCommandTest.Run etl = PolicyCommandTest.cli("passwd", "etl", "--password-file", secret.toString(),
        "--work-dir", work.toString());
    assertThat(etl.exit()).isEqualTo(64);
    assertThat(etl.err()).contains("the pipeline's own login");

    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    PolicyCommandTest.Run open = PolicyCommandTest.cli("passwd", "analyst2", "--password-file", secret.toString(),
        "--work-dir", work.toString());
    assertThat(open.exit()).isNotZero();
    assertThat(open.err()).contains("chmod 600");
  }
}
