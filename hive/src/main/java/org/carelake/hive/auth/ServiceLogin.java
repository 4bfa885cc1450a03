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
 * The HiveServer2 login of a service user (the pipeline's etl): its password lives in a file only
 * the owner can read, created on first use with a random password whose hash goes into the
 * {@link PasswordFile}. Nothing is committed: both files sit under the local work directory.
 */
public final class ServiceLogin {
  private static final int LENGTH = 32;

  private ServiceLogin() {
  }

  /**
   * The password of {@code user}: read from {@code secretFile}, or generated and written there
   * (0400). Either way {@code passwordFile} is made to accept it.
   */
  public static String ensure(String user, Path secretFile, Path passwordFile) {
    String secret = Files.exists(secretFile) ? read(secretFile) : create(secretFile);
    PasswordFile logins = PasswordFile.read(passwordFile);
    if (!logins.verify(user, secret.toCharArray())) {
      logins.withPassword(user, secret.toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
    }
    return secret;
  }

  /** The password in the first line of {@code secretFile}, which only its owner may read. */
  public static String read(Path secretFile) {
    PasswordFile.requireOwnerOnly(secretFile);
    String secret;
    try {
      List<String> lines = Files.readAllLines(secretFile, StandardCharsets.UTF_8);
      secret = lines.isEmpty() ? "" : lines.get(0).strip();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the HiveServer2 password file " + secretFile + ": "
          + e.getMessage(), e);
    }
    if (secret.isEmpty()) {
      throw new IllegalStateException(secretFile + " is empty; delete it and a new password is generated on the "
          + "next run, or write the password into it");
    }
    return secret;
  }

  private static String create(Path secretFile) {
    String secret = new String(PasswordHash.randomPassword(LENGTH));
    write(secretFile, secret);
    return secret;
  }

  private static void write(Path file, String secret) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(file, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE)));
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the HiveServer2 password file " + file + ": " + e.getMessage(), e);
    }
  }
}
