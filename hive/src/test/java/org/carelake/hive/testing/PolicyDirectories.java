package org.carelake.hive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of a policy directory (every *.json policy file), for tests that edit or extend them. */
public final class PolicyDirectories {
  private PolicyDirectories() {
  }

  public static Path copy(Path policyDir, Path target) {
    try {
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(policyDir)) {
        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
            .toList()) {
          Files.copy(f, target.resolve(f.getFileName()));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
