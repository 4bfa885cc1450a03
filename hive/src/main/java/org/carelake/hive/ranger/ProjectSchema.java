package org.carelake.hive.ranger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The databases, tables and columns the project's own HQL creates (hive/hql/**.hql): what the
 * policies may name. A policy naming a database or table no HQL creates matches nothing, silently
 * (Ranger's classic failure), so {@link PolicyValidation} reports it. Names are lower-cased: Hive's
 * are case-insensitive and so is Ranger's matching of them.
 */
public final class ProjectSchema {
  private static final Pattern DATABASE = Pattern.compile(
      "CREATE\\s+(?:DATABASE|SCHEMA)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?", Pattern.CASE_INSENSITIVE);
  private static final Pattern TABLE = Pattern.compile(
      "CREATE\\s+(?:EXTERNAL\\s+|TEMPORARY\\s+)*(?:TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
          + "`?(\\w+)`?\\.`?(\\w+)`?\\s*(\\(|LIKE\\s+`?(\\w+)`?\\.`?(\\w+)`?|AS\\b)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern COLUMN = Pattern.compile("^\\s*`?(\\w+)`?\\s+[A-Za-z]", Pattern.MULTILINE);

  private final Set<String> databases;
  /** db.table to its columns (empty when unknown, e.g. a view or CTAS). */
  private final Map<String, Set<String>> tables;

  private ProjectSchema(Set<String> databases, Map<String, Set<String>> tables) {
    this.databases = Collections.unmodifiableSet(databases);
    this.tables = Collections.unmodifiableMap(tables);
  }

  /** Scans every *.hql file under {@code hqlDir} (hive/hql of the CareLake home). */
  public static ProjectSchema scan(Path hqlDir) {
    Set<String> databases = new TreeSet<>();
    Map<String, Set<String>> tables = new TreeMap<>();
    if (!Files.isDirectory(hqlDir)) {
      throw new PolicyFileException("HQL directory " + hqlDir + " does not exist; pass the CareLake home whose "
          + "hive/hql creates the tables the policies name");
    }
    try (Stream<Path> files = Files.walk(hqlDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".hql")).sorted().toList()) {
        String text = withoutLineComments(Files.readString(f, StandardCharsets.UTF_8));
        Matcher d = DATABASE.matcher(text);
        while (d.find()) {
          databases.add(d.group(1).toLowerCase(Locale.ROOT));
        }
        Matcher t = TABLE.matcher(text);
        while (t.find()) {
          String name = t.group(1).toLowerCase(Locale.ROOT) + "." + t.group(2).toLowerCase(Locale.ROOT);
          Set<String> columns = tables.computeIfAbsent(name, k -> new TreeSet<>());
          if ("(".equals(t.group(3))) {
            columns.addAll(columns(text, t.end()));
          } else if (t.group(4) != null) {
            String like = t.group(4).toLowerCase(Locale.ROOT) + "." + t.group(5).toLowerCase(Locale.ROOT);
            columns.addAll(tables.getOrDefault(like, Set.of()));
          }
        }
      }
    } catch (IOException e) {
      throw new PolicyFileException("Cannot read the HQL under " + hqlDir + ": " + e, e);
    }
    return new ProjectSchema(databases, tables);
  }

  /** Column names of the column list that starts at {@code from} (just past its '('), up to the matching ')'. */
  private static Set<String> columns(String text, int from) {
    int depth = 1;
    int i = from;
    boolean quoted = false;
    while (i < text.length() && depth > 0) {
      char c = text.charAt(i);
      if (c == '\'' && (i == 0 || text.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      }
      i++;
    }
    Set<String> out = new TreeSet<>();
    // one column per line in the project's DDL; lines inside a type's parentheses start with a digit or ')'
    Matcher m = COLUMN.matcher(text.substring(from, Math.max(from, i - 1)));
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT));
    }
    out.remove("comment");
    return out;
  }

  private static String withoutLineComments(String text) {
    return text.replaceAll("(?m)^\\s*--.*$", "");
  }

  public Set<String> databases() {
    return databases;
  }

  public boolean hasDatabase(String db) {
    return databases.contains(db.toLowerCase(Locale.ROOT)) || "default".equalsIgnoreCase(db);
  }

  public boolean hasTable(String db, String table) {
    return tables.containsKey(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT));
  }

  /** Whether the column exists, or the table's columns are unknown (views, CTAS): then nothing is claimed. */
  public boolean mayHaveColumn(String db, String table, String column) {
    Set<String> columns = tables.get(db.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT));
    return columns == null || columns.isEmpty() || columns.contains(column.toLowerCase(Locale.ROOT))
        || "dt".equalsIgnoreCase(column);
  }

  /** Tables of {@code db} (as "db.table"). */
  public Set<String> tablesOf(String db) {
    Set<String> out = new TreeSet<>();
    String prefix = db.toLowerCase(Locale.ROOT) + ".";
    tables.keySet().stream().filter(t -> t.startsWith(prefix)).forEach(out::add);
    return out;
  }

  @Override
  public String toString() {
    return "ProjectSchema[" + databases + ", " + tables.size() + " tables]";
  }
}
