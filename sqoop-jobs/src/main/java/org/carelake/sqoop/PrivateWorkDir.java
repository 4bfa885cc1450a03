package org.carelake.sqoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A per-run scratch directory, mode 0700, deleted on close. Sqoop's generated code, its jar,
 * Hadoop's staging and map-task spill files (clear-text rows) all go in here and nowhere else.
 */
final class PrivateWorkDir implements AutoCloseable {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  private PrivateWorkDir(Path dir) {
    this.dir = dir;
  }

  /** Creates {@code dir} (which must not exist) with mode 0700; its parents are created as needed. */
  static PrivateWorkDir create(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      if (abs.getParent() != null) {
        Files.createDirectories(abs.getParent());
      }
      Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.setPosixFilePermissions(abs, OWNER_ONLY);
    } catch (FileAlreadyExistsException e) {
      throw new ImportFailure("work directory " + abs + " already exists; pass a fresh --work-dir "
          + "(it is created 0700 and deleted afterwards, so it must not hold anything else)");
    } catch (IOException e) {
      throw new ImportFailure("cannot create work directory " + abs + " (" + e.getMessage() + "); check --work-dir");
    }
    return new PrivateWorkDir(abs);
  }

  Path path() {
    return dir;
  }

  Path resolve(String name) {
    return dir.resolve(name);
  }

  /** Deletes the directory and everything in it; symbolic links are removed, not followed. */
  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete work directory " + dir + "; delete it by hand: it may hold "
          + "generated code and map-task spill files", e);
    }
  }
}
