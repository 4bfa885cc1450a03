package org.carelake.hive.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The JSON-lines audit files Ranger's file destination writes under a directory. */
public final class AuditTrail {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditTrail() {
  }

  /** Audit events (one JSON object per line) of every *.log file under {@code dir}. */
  public static List<Map<String, Object>> events(Path dir) {
    List<Map<String, Object>> events = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return events;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = JSON.readValue(line, Map.class);
            events.add(event);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }

  /** Waits (Ranger flushes its audit queue about once a second) for an event matching {@code p}. */
  public static Map<String, Object> await(Path dir, Predicate<Map<String, Object>> p, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Map<String, Object> e : events(dir)) {
        if (p.test(e)) {
          return e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No audit event in " + dir + " matched within " + timeout + "; last events: "
            + lastOf(events(dir), 10));
      }
      Thread.sleep(200);
    }
  }

  private static List<Map<String, Object>> lastOf(List<Map<String, Object>> events, int n) {
    return events.subList(Math.max(0, events.size() - n), events.size());
  }
}
