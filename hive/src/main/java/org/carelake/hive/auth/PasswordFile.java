package org.carelake.hive.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HiveServer2's local logins: a file of {@code user:pbkdf2-sha256$...} lines ('#' starts a
 * comment), readable by its owner only. It holds hashes, never passwords; a group- or
 * world-readable file is refused, so HiveServer2 then lets nobody in.
 */
public final class PasswordFile {
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);

  private final Path file;
  private final Map<String, String> hashes;

  private PasswordFile(Path file, Map<String, String> hashes) {
    this.file = file;
    this.hashes = hashes;
  }

  /** Reads {@code file}; a missing file is an empty one (nobody can log in yet). */
  public static PasswordFile read(Path file) {
    Map<String, String> hashes = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return new PasswordFile(file, hashes);
    }
    requireOwnerOnly(file);
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the HiveServer2 password file " + file + ": " + e.getMessage()
          + "; check its owner and permissions (0600)", e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String user = colon < 0 ? line : line.substring(0, colon);
      String hash = colon < 0 ? "" : line.substring(colon + 1);
      if (!USER.matcher(user).matches() || !PasswordHash.wellFormed(hash)) {
        // never echo the line: a hand-edited file might hold a password
        throw new IllegalStateException(file + ":" + (i + 1) + " is not 'user:pbkdf2-sha256$...'; set passwords "
            + "with `scripts/carelake passwd USER` instead of editing the file");
      }
      if (hashes.put(user, hash) != null) {
        throw new IllegalStateException(file + ":" + (i + 1) + " lists user '" + user + "' a second time; keep one "
            + "line per user");
      }
    }
    return new PasswordFile(file, hashes);
  }

  /** Whether {@code user} may log in with {@code password}. */
  public boolean verify(String user, char[] password) {
    String hash = hashes.get(user);
    if (hash == null) {
      // same work as for a known user, so the answer's timing does not tell who exists
      PasswordHash.verify(password, DUMMY);
      return false;
    }
    return PasswordHash.verify(password, hash);
  }

  private static final String DUMMY = PasswordHash.hash("x".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

  public boolean hasUser(String user) {
    return hashes.containsKey(user);
  }

  public Set<String> users() {
    return Collections.unmodifiableSet(hashes.keySet());
  }

  /**
   * Sets {@code user}'s password (adding the user when new) and rewrites the file atomically,
   * owner-only. Returns the updated file.
   */
  public PasswordFile withPassword(String user, char[] password, int iterations) {
    if (user == null || !USER.matcher(user).matches()) {
      throw new IllegalArgumentException("'" + user + "' is not a user name (letters, digits, _ . @ -)");
    }
    if (password == null || password.length < 8) {
      throw new IllegalArgumentException("The password for " + user + " is shorter than 8 characters; choose a "
          + "longer one");
    }
    Map<String, String> updated = new LinkedHashMap<>(hashes);
    updated.put(user, PasswordHash.hash(password, iterations));
    write(updated);
    return new PasswordFile(file, updated);
  }

  private void write(Map<String, String> entries) {
    List<String> lines = new ArrayList<>();
    lines.add("# HiveServer2 logins of CareLake: user:PBKDF2 hash. Set with `scripts/carelake passwd USER`; never edit.");
    entries.forEach((u, h) -> lines.add(u + ":" + h));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".passwd", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the HiveServer2 password file " + file + ": " + e.getMessage()
          + "; check that its directory is writable", e);
    }
  }

  /** Fails, naming the file and the chmod to run, when anyone but its owner may read or write it. */
  public static void requireOwnerOnly(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> others = EnumSet.copyOf(perms);
      others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE));
      if (!others.isEmpty()) {
        throw new IllegalStateException(file + " holds credentials but is readable or writable by others ("
            + PosixFilePermissions.toString(perms) + "); run `chmod 600 " + file + "`");
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the permissions of " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }
}
