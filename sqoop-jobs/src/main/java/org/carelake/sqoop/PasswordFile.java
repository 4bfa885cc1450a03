package org.carelake.sqoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.sqoop.util.password.FilePasswordLoader;

/**
 * A local --password-file. Sqoop reads any file it is given; this accepts only mode 0400 (owner
 * read, nothing else: not even owner write, so a stray redirect cannot replace the password
 * unnoticed), and reads the password exactly as Sqoop does (whole file, no trim).
 */
final class PasswordFile {
  private static final Set<PosixFilePermission> OWNER_READ_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ);

  private PasswordFile() {
  }

  /** Fails unless {@code file} is a regular file of mode 0400. */
  static void requirePrivate(Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new ImportFailure("password file " + file + " does not exist or is not a regular file; "
          + "write the password into it (no trailing newline) and chmod 400 it");
    }
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | UnsupportedOperationException e) {
      throw new ImportFailure("cannot read the permissions of password file " + file + " (" + e.getMessage()
          + "); keep it on a POSIX file system with mode 400");
    }
    if (!perms.equals(OWNER_READ_ONLY)) {
      throw new ImportFailure("password file " + file + " has mode " + octal(perms) + " ("
          + PosixFilePermissions.toString(perms) + "); it must be 0400 (readable by its owner only): run chmod 400 "
          + file + " and rerun");
    }
  }

  /** 0640-style mode of {@code perms}. */
  static String octal(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 1 << (8 - p.ordinal()); // the enum runs OWNER_READ .. OTHERS_EXECUTE, i.e. bit 8 down to bit 0
    }
    return String.format("0%03o", mode);
  }

  /** The Sqoop argument form of the file: a file:// URI, whatever fs.defaultFS says. */
  static String sqoopPath(Path file) {
    return file.toAbsolutePath().toUri().toString();
  }

  /** The password, read with Sqoop's own loader so the JDBC checks log in as the import will. */
  static String read(Path file, Configuration conf) {
    try {
      return new FilePasswordLoader().loadPassword(sqoopPath(file), conf);
    } catch (IOException e) {
      throw new ImportFailure("cannot read password file " + file + " (" + e.getMessage() + ")");
    }
  }
}
