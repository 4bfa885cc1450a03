package org.carelake.hive.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;

/**
 * A secret (a key store password, say) in the first line of a file only its owner may read: the
 * way CareLake takes secrets instead of command-line arguments, which other local users can see.
 */
public final class SecretFile {
  private SecretFile() {
  }

  /** The first line of {@code file}; fails naming the file when others may read it or it is empty. */
  public static char[] read(Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("Secret file " + file + " does not exist or is not readable; create it "
          + "with the secret on its first line and `chmod 400 " + file + "`");
    }
    PasswordFile.requireOwnerOnly(file);
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String secret = lines.isEmpty() ? "" : lines.get(0).strip();
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("Secret file " + file + " is empty; write the secret on its first line");
      }
      return secret.toCharArray();
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read secret file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes a random secret of {@code length} characters to a new file (0400) and returns it. */
  public static char[] createRandom(Path file, int length) {
    char[] secret = PasswordHash.randomPassword(length);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(file, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE)));
      Files.writeString(file, new String(secret) + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ));
      return secret;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create secret file " + file + ": " + e.getMessage()
          + "; check that its directory is writable and the file does not exist yet", e);
    }
  }
}
