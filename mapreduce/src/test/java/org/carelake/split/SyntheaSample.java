package org.carelake.split;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** The Synthea sample CSVs under carelake.reference.data (11 Massachusetts patients). */
public final class SyntheaSample {
  private SyntheaSample() {
  }

  public static Path dir() {
    String base = System.getProperty("carelake.reference.data");
    if (base == null) {
      throw new IllegalStateException("System property carelake.reference.data is not set (the parent POM sets it)");
    }
    return Path.of(base, "synthea-sample-ma11");
  }

  /** All rows of a table: column name (lower case) -> value, an empty cell as null. */
  public static List<Map<String, String>> rows(String table) {
    List<List<String>> lines;
    try {
      lines = parse(Files.readString(dir().resolve(table + ".csv"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> header = lines.get(0).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> line : lines.subList(1, lines.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        String v = i < line.size() ? line.get(i) : "";
        row.put(header.get(i), v.isEmpty() ? null : v);
      }
      rows.add(row);
    }
    return rows;
  }

  /** The first row matching, as a mutable copy. */
  public static Map<String, String> first(String table, Predicate<Map<String, String>> test) {
    return new LinkedHashMap<>(rows(table).stream().filter(test).findFirst()
        .orElseThrow(() -> new IllegalStateException("No matching row in " + table + ".csv")));
  }

  /** RFC 4180: commas, quoted fields, doubled quotes, newlines inside quotes. */
  static List<List<String>> parse(String text) {
    List<List<String>> lines = new ArrayList<>();
    List<String> line = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        line.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        line.add(cell.toString());
        cell.setLength(0);
        lines.add(line);
        line = new ArrayList<>();
      } else {
        cell.append(c);
      }
    }
    if (cell.length() > 0 || !line.isEmpty()) {
      line.add(cell.toString());
      lines.add(line);
    }
    return lines;
  }
}
