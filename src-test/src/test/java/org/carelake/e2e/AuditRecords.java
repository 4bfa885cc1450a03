package org.carelake.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The Ranger audit lines (one JSON object each) HiveServer2's authorizer writes under a directory. */
final class AuditRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditRecords() {
  }

  static List<Map<String, Object>> read(Path dir) throws IOException {
    List<Map<String, Object>> events = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return events;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          try {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = JSON.readValue(line, Map.class);
            events.add(event);
          } catch (JsonProcessingException e) {
            // a line Ranger is still writing, or not an event
          }
        }
      }
    }
    return events;
  }

  /** Waits (Ranger flushes its audit queue about once a second) for an event matching {@code p}. */
  static Map<String, Object> await(Path dir, Predicate<Map<String, Object>> p, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Map<String, Object>> events = read(dir);
      for (Map<String, Object> e : events) {
        if (p.test(e)) {
          return e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No audit event under " + dir + " matched within " + timeout + "; the last ones: "
            + events.subList(Math.max(0, events.size() - 10), events.size()));
      }
      Thread.sleep(500);
    }
  }
}
