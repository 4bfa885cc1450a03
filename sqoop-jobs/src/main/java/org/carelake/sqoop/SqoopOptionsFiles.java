package org.carelake.sqoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * The Sqoop options files sqoop-jobs/&lt;source&gt;/&lt;table&gt;.options, generated from the data
 * classification catalog: the static part of each table's import. The tool name is not in the
 * file, so Hadoop -D options can still follow it: {@code sqoop import -D k=v --options-file F ...}.
 *
 * <p>{@code java -cp ... org.carelake.sqoop.SqoopOptionsFiles --write} rewrites them, {@code --check}
 * lists the files that differ from the catalog (exit 1).
 */
public final class SqoopOptionsFiles {
  /** The file name suffix Sqoop options files carry here. */
  public static final String SUFFIX = ".options";
  /** How to regenerate the files, run from the repository root; every mismatch message names it. */
  public static final String REGENERATE_COMMAND = "mvn -o -q install -pl sqoop-jobs -DskipTests && "
      + "java -cp \"$(cat sqoop-jobs/target/classpath.txt):sqoop-jobs/target/classes\" "
      + "org.carelake.sqoop.SqoopOptionsFiles --write";
  /** The only codec staging uses: Avro blocks compressed with it stay splittable at sync markers. */
  public static final String CODEC = "bzip2";

  private SqoopOptionsFiles() {
  }

  /** Where a table's options file lives, relative to the sqoop-jobs directory. */
  public static Path relativePath(TableSpec table) {
    return Path.of(table.source(), table.name() + SUFFIX);
  }

  /** The catalog's columns in catalog order, comma separated, as --columns takes them. */
  public static String columnList(TableSpec table) {
    return String.join(",", table.columnNames());
  }

  /** --map-column-java value: every date and timestamp column read as the database's own string. */
  public static String temporalColumnMapping(TableSpec table) {
    return table.columns().stream().filter(c -> c.type().isTemporal())
        .map(c -> c.name() + "=String").collect(Collectors.joining(","));
  }

  /** The options-file tokens of a table, in order, as Sqoop's OptionsFileUtil expands them. */
  public static List<String> tokens(TableSpec table) {
    List<String> t = new ArrayList<>();
    t.add("--table");
    t.add(table.name());
    t.add("--columns");
    t.add(columnList(table));
    t.add("--split-by");
    t.add(TableSpec.ROW_ID);
    String temporal = temporalColumnMapping(table);
    if (!temporal.isEmpty()) {
      t.add("--map-column-java");
      t.add(temporal);
    }
    t.add("--as-avrodatafile");
    t.add("--compress");
    t.add("--compression-codec");
    t.add(CODEC);
    return t;
  }

  /** The text of a table's options file: a header, then one token per line with why-comments. */
  public static String render(TableSpec table) {
    StringBuilder b = new StringBuilder();
    b.append("# GENERATED from catalog/data-classification.json by org.carelake.sqoop.SqoopOptionsFiles: do not edit.\n");
    b.append("# Regenerate from the repository root after changing the catalog:\n");
    b.append("#   ").append(REGENERATE_COMMAND).append('\n');
    b.append("# Static part of the import of ").append(table).append(" (").append(table.importMode().name().toLowerCase(java.util.Locale.ROOT))
        .append("); org.carelake.sqoop.ImportTable adds --connect, credentials,\n");
    b.append("# --where (the last_modified window), --target-dir, --num-mappers and private work directories.\n");
    b.append("# ImportTable spells the column names as the source reports them (H2 folds them to upper case).\n");
    b.append("# Use: sqoop import [-D k=v ...] --options-file sqoop-jobs/").append(relativePath(table)).append(" ...\n");
    b.append('\n');
    b.append("--table\n").append(table.name()).append('\n');
    b.append("# every catalog column, in catalog order: a new source column is never imported unclassified\n");
    b.append("--columns\n").append(columnList(table)).append('\n');
    b.append("--split-by\n").append(TableSpec.ROW_ID).append('\n');
    String temporal = temporalColumnMapping(table);
    if (!temporal.isEmpty()) {
      b.append("# dates and timestamps as the database prints them: exact, microseconds kept, no time zone shift\n");
      b.append("--map-column-java\n").append(temporal).append('\n');
    }
    b.append("# Avro data files: lossless (NULL stays apart from the text \\N, newlines kept); bzip2 blocks stay splittable\n");
    b.append("--as-avrodatafile\n");
    b.append("--compress\n");
    b.append("--compression-codec\n").append(CODEC).append('\n');
    return b.toString();
  }

  /** Every table's options file: relative path to text, sorted by path. */
  public static Map<Path, String> renderAll(DataCatalog catalog) {
    Map<Path, String> out = new TreeMap<>();
    for (TableSpec t : catalog.tables()) {
      out.put(relativePath(t), render(t));
    }
    return out;
  }

  /** Writes every table's options file under {@code sqoopJobsDir}; returns the paths written. */
  public static List<Path> write(DataCatalog catalog, Path sqoopJobsDir) {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<Path, String> e : renderAll(catalog).entrySet()) {
      Path file = sqoopJobsDir.resolve(e.getKey());
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
      } catch (IOException ex) {
        throw new UncheckedIOException("Cannot write " + file + ": " + ex.getMessage(), ex);
      }
      written.add(file);
    }
    return written;
  }

  /**
   * The problems of the committed options files under {@code sqoopJobsDir}: a catalog table
   * without its file, a file whose text differs from what the catalog generates, and a file for
   * no catalog table. Each message names the file and the regenerate command. Empty when in sync.
   */
  public static List<String> check(DataCatalog catalog, Path sqoopJobsDir) {
    Map<Path, String> expected = renderAll(catalog);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Path, String> e : expected.entrySet()) {
      Path file = sqoopJobsDir.resolve(e.getKey());
      if (!Files.isRegularFile(file)) {
        problems.add("Options file " + file + " is missing for catalog table " + e.getKey().getFileName()
            .toString().replace(SUFFIX, "") + "; regenerate with: " + REGENERATE_COMMAND);
        continue;
      }
      String actual = read(file);
      if (!actual.equals(e.getValue())) {
        problems.add("Options file " + file + " differs from what " + catalog.origin() + " generates ("
            + firstDifference(actual, e.getValue()) + "); do not edit it by hand, regenerate with: "
            + REGENERATE_COMMAND);
      }
    }
    for (Path rel : existingOptionsFiles(sqoopJobsDir)) {
      if (!expected.containsKey(rel)) {
        problems.add("Options file " + sqoopJobsDir.resolve(rel) + " belongs to no table of " + catalog.origin()
            + "; delete it (or add the table to the catalog), then regenerate with: " + REGENERATE_COMMAND);
      }
    }
    return problems;
  }

  /** The *.options files present under {@code sqoopJobsDir} (relative paths), build output excluded. */
  static Set<Path> existingOptionsFiles(Path sqoopJobsDir) {
    Set<Path> found = new TreeSet<>();
    if (!Files.isDirectory(sqoopJobsDir)) {
      return found;
    }
    try (Stream<Path> walk = Files.walk(sqoopJobsDir, 3)) {
      walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
          .map(sqoopJobsDir::relativize)
          .filter(rel -> !rel.startsWith("target") && !rel.startsWith("src"))
          .forEach(found::add);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + sqoopJobsDir + ": " + e.getMessage(), e);
    }
    return found;
  }

  private static String firstDifference(String actual, String expected) {
    String[] a = actual.split("\n", -1);
    String[] e = expected.split("\n", -1);
    for (int i = 0; i < Math.max(a.length, e.length); i++) {
      String al = i < a.length ? a[i] : "<end of file>";
      String el = i < e.length ? e[i] : "<end of file>";
      if (!al.equals(el)) {
        return "line " + (i + 1) + " is '" + al + "', the catalog gives '" + el + "'";
      }
    }
    return "line endings differ";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code --write} or {@code --check}, optionally {@code --catalog FILE} and {@code --dir SQOOP_JOBS_DIR};
   * defaults are relative to the system property carelake.home or the current directory.
   */
  public static void main(String[] args) {
    Path home = Path.of(System.getProperty("carelake.home", "."));
    Path catalogFile = home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH);
    Path dir = home.resolve("sqoop-jobs");
    String mode = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write", "--check" -> mode = args[i];
        case "--catalog" -> catalogFile = Path.of(value(args, ++i, "--catalog"));
        case "--dir" -> dir = Path.of(value(args, ++i, "--dir"));
        default -> {
          System.err.println("Unknown argument '" + args[i] + "'; use --write | --check [--catalog FILE] [--dir DIR]");
          System.exit(2);
        }
      }
    }
    if (mode == null) {
      System.err.println("Usage: SqoopOptionsFiles --write | --check [--catalog FILE] [--dir SQOOP_JOBS_DIR]");
      System.exit(2);
    }
    DataCatalog catalog = DataCatalog.load(catalogFile);
    if (mode.equals("--write")) {
      List<Path> written = write(catalog, dir);
      System.out.println("Wrote " + written.size() + " options files under " + dir);
      for (Path rel : existingOptionsFiles(dir)) {
        if (!renderAll(catalog).containsKey(rel)) {
          System.err.println("Options file " + dir.resolve(rel) + " belongs to no catalog table; delete it");
        }
      }
    } else {
      List<String> problems = check(catalog, dir);
      problems.forEach(System.err::println);
      System.exit(problems.isEmpty() ? 0 : 1);
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      System.err.println(option + " needs a value");
      System.exit(2);
    }
    return args[i];
  }
}
