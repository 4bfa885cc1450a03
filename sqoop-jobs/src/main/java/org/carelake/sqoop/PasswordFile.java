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
 * A local --password-file. Sqoop reads any file it is given; this refuses one that group or
 * others can read (or write), and reads the password exactly as Sqoop does (whole file, no trim).
 */
final class PasswordFile {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private PasswordFile() {
  }

  /** Fails unless {@code file} is a regular file with no group/other permission bits. */
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
    if (!OWNER_ONLY.containsAll(perms)) {
      throw new ImportFailure("password file " + file + " is accessible to group or others (mode "
          + PosixFilePermissions.toString(perms) + "); run chmod 400 " + file + " and rerun");
    }
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
