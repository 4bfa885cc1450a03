package org.carelake.synthea;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes hive/hql/snapshot/condition_code_map.hql: Synthea's own SNOMED CT to ICD-10-CM map
 * (export/condition_code_map.json inside the Synthea jar, the one its claims exporters use) as a
 * Hive reference table, so snapshots can show the ICD-10-CM code of each diagnosis. Generated,
 * not copied by hand: a test fails when the committed file differs from what this jar gives.
 *
 * <p>Synthea lists several ICD-10-CM codes for 160 of its 574 SNOMED CT codes and its exporters
 * pick one at random. The snapshots need one, deterministically, so one alternative per code is
 * marked preferred: the heaviest when Synthea weighs them all; else the one whose description shares
 * the most words with the SNOMED CT display name Synthea's own modules use (e.g. Essential
 * hypertension: I10, not the first-listed P29.2 Neonatal hypertension); ties and codes without a
 * display name go to the first listed.
 *
 * <p>Command line (from the repository root, after {@code mvn -q -DskipTests package -pl synthea}):
 * {@code java -cp "synthea/target/classes:$(cat synthea/target/classpath.txt)" org.carelake.synthea.ConditionCodeMapHql
 * [--write | --check]}; --check (the default) exits 1 when the file is stale.
 */
public final class ConditionCodeMapHql {
  /** Where the generated file lives, relative to the repository root. */
  public static final String RELATIVE_PATH = "hive/hql/snapshot/condition_code_map.hql";
  static final String RESOURCE = "/export/condition_code_map.json";
  static final String REGENERATE = "mvn -B -o -q -DskipTests package -pl synthea && java -cp "
      + "\"synthea/target/classes:$(cat synthea/target/classpath.txt)\" " + ConditionCodeMapHql.class.getName()
      + " --write";
  /** Rows per INSERT statement: keeps each statement, and a message naming one, a readable size. */
  static final int ROWS_PER_INSERT = 500;

  /** Semantic tags and words that say nothing about which alternative fits. */
  private static final Set<String> NOISE = Set.of("of", "the", "and", "with", "without", "or", "in", "to", "due",
      "by", "a", "an", "for", "on", "unspecified", "other", "nos", "disorder", "finding", "situation", "procedure",
      "event", "morphologic", "abnormality", "observable", "entity", "person", "regime", "therapy");

  /** One ICD-10-CM alternative for a SNOMED CT code; choice 1 is the first Synthea lists. */
  record Mapping(String snomed, String snomedDisplay, String icd10, String description, int choice, Double weight,
      boolean preferred) {
  }

  private ConditionCodeMapHql() {
  }

  /** The map as rows, ordered by SNOMED code, then Synthea's own order of alternatives. */
  static List<Mapping> mappings() {
    JsonObject root;
    try (Reader in = resource(RESOURCE)) {
      // Gson, as Synthea's own CodeMapper reads this file
      root = JsonParser.parseReader(in).getAsJsonObject();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + RESOURCE + " from the Synthea jar: " + e, e);
    }
    Map<String, String> displays = snomedDisplays();
    Map<String, JsonElement> sorted = new TreeMap<>();
    root.entrySet().forEach(e -> sorted.put(e.getKey(), e.getValue()));
    List<Mapping> out = new ArrayList<>();
    sorted.forEach((snomed, element) -> {
      List<JsonObject> alternatives = new ArrayList<>();
      element.getAsJsonArray().forEach(a -> alternatives.add(a.getAsJsonObject()));
      String display = displays.getOrDefault(snomed, "");
      int preferred = preferred(display, alternatives);
      for (int i = 0; i < alternatives.size(); i++) {
        JsonObject a = alternatives.get(i);
        out.add(new Mapping(snomed, display, a.get("code").getAsString(), a.get("description").getAsString(), i + 1,
            a.has("weight") ? a.get("weight").getAsDouble() : null, i == preferred));
      }
    });
    return out;
  }

  /** Index of the preferred alternative (see the class comment). */
  static int preferred(String snomedDisplay, List<JsonObject> alternatives) {
    if (alternatives.stream().allMatch(a -> a.has("weight"))) {
      int best = 0;
      for (int i = 1; i < alternatives.size(); i++) {
        if (alternatives.get(i).get("weight").getAsDouble() > alternatives.get(best).get("weight").getAsDouble()) {
          best = i;
        }
      }
      return best;
    }
    Set<String> display = words(snomedDisplay);
    int best = 0;
    double bestScore = -1;
    for (int i = 0; i < alternatives.size(); i++) {
      Set<String> description = words(alternatives.get(i).get("description").getAsString());
      Set<String> union = new HashSet<>(display);
      union.addAll(description);
      Set<String> common = new HashSet<>(display);
      common.retainAll(description);
      double score = union.isEmpty() ? 0 : (double) common.size() / union.size();
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  static Set<String> words(String text) {
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"))
        .filter(w -> !w.isEmpty() && !NOISE.contains(w)).collect(Collectors.toSet());
  }

  /**
   * SNOMED CT code to display name, from every module of the Synthea jar (modules/**.json): the
   * names Synthea gives the conditions it generates. The first name found for a code wins, in path order.
   */
  static Map<String, String> snomedDisplays() {
    URL anchor = ConditionCodeMapHql.class.getResource(RESOURCE);
    if (anchor == null) {
      throw new IllegalStateException(RESOURCE + " is not on the classpath; it ships in org.mitre.synthea:synthea");
    }
    Map<String, String> out = new HashMap<>();
    try {
      URI uri = anchor.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          collectDisplays(jar.getPath("/modules"), out);
        }
      } else {
        collectDisplays(Path.of(uri).getParent().getParent().resolve("modules"), out);
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("Cannot read Synthea's modules next to " + anchor + ": " + e, e);
    }
    return out;
  }

  private static void collectDisplays(Path modules, Map<String, String> out) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(modules)) {
      files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    for (Path f : files) {
      try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        collectDisplays(JsonParser.parseReader(in), out);
      } catch (RuntimeException e) {
        // a module that is not JSON Synthea reads (there are none in 3.3.0) names no condition
      }
    }
  }

  private static void collectDisplays(JsonElement e, Map<String, String> out) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> collectDisplays(x, out));
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      if (o.has("system") && o.has("code") && o.has("display") && o.get("system").isJsonPrimitive()
          && o.get("system").getAsString().startsWith("SNOMED")) {
        out.putIfAbsent(o.get("code").getAsString(), o.get("display").getAsString());
      }
      o.entrySet().forEach(x -> collectDisplays(x.getValue(), out));
    }
  }

  private static Reader resource(String name) throws IOException {
    InputStream in = ConditionCodeMapHql.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the classpath; it ships in org.mitre.synthea:synthea");
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** The HQL text. */
  static String hql() {
    List<Mapping> rows = mappings();
    StringBuilder sb = new StringBuilder();
    sb.append("-- snapshot.condition_code_map: SNOMED CT to ICD-10-CM, as Synthea 3.3.0 maps diagnoses for claims\n");
    sb.append("-- (export/condition_code_map.json in the Synthea jar). Where Synthea lists several ICD-10-CM codes for one\n");
    sb.append("-- SNOMED CT code, its exporters pick one at random; the snapshots use the one marked preferred: the heaviest\n");
    sb.append("-- when Synthea weighs them, else the one whose description shares most words with Synthea's SNOMED CT\n");
    sb.append("-- display name (ties: the first listed).\n");
    sb.append("-- Variables: snapshot_root. Rerunnable: INSERT OVERWRITE replaces the whole table.\n");
    sb.append("--\n");
    sb.append("-- GENERATED by ").append(ConditionCodeMapHql.class.getName()).append(" from the Synthea jar: do not edit. ");
    sb.append("Regenerate from the\n-- repository root with:\n--   ").append(REGENERATE).append("\n\n");
    sb.append("CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.condition_code_map (\n");
    sb.append("  snomed_code STRING COMMENT 'SNOMED CT concept id, as in clinical.conditions.code',\n");
    sb.append("  snomed_display STRING COMMENT 'its display name in Synthea\\'s modules; empty when they do not name it',\n");
    sb.append("  icd10cm_code STRING COMMENT 'ICD-10-CM code, with its dot (E11.9)',\n");
    sb.append("  icd10cm_description STRING COMMENT 'ICD-10-CM description',\n");
    sb.append("  choice INT COMMENT 'position among the alternatives Synthea lists for the SNOMED CT code',\n");
    sb.append("  weight DOUBLE COMMENT 'Synthea weight of the alternative, when it gives one',\n");
    sb.append("  preferred BOOLEAN COMMENT 'the one alternative per SNOMED CT code the snapshots use'\n");
    sb.append(")\n");
    sb.append("COMMENT 'reference: Synthea 3.3.0 SNOMED CT to ICD-10-CM map (").append(rows.size())
        .append(" rows)'\n");
    sb.append("STORED AS PARQUET\n");
    sb.append("LOCATION '${snapshot_root}/reference/condition_code_map';\n");
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<Mapping> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      sb.append('\n');
      sb.append(from == 0 ? "INSERT OVERWRITE TABLE" : "INSERT INTO TABLE").append(" snapshot.condition_code_map VALUES\n");
      for (int i = 0; i < chunk.size(); i++) {
        Mapping m = chunk.get(i);
        sb.append("(").append(quote(m.snomed())).append(", ").append(quote(m.snomedDisplay())).append(", ")
            .append(quote(m.icd10())).append(", ").append(quote(m.description())).append(", ").append(m.choice())
            .append(", ").append(m.weight() == null ? "CAST(NULL AS DOUBLE)" : Double.toString(m.weight()))
            .append(", ").append(m.preferred()).append(i + 1 < chunk.size() ? "),\n" : ");\n");
      }
    }
    return sb.toString();
  }

  /** A Hive string literal: backslash and quote escaped, as Hive's lexer reads them. */
  static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  public static void main(String[] args) {
    System.exit(run(args, Path.of(System.getProperty("carelake.home", ".")), System.out, System.err));
  }

  static int run(String[] args, Path home, PrintStream out, PrintStream err) {
    boolean write = args.length == 1 && args[0].equals("--write");
    if (!(args.length == 0 || write || (args.length == 1 && args[0].equals("--check")))) {
      err.println("usage: ConditionCodeMapHql [--write | --check]  (run from the repository root)");
      return 64;
    }
    Path file = home.resolve(RELATIVE_PATH);
    String expected = hql();
    try {
      if (write) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, expected, StandardCharsets.UTF_8);
        out.println("wrote " + file);
        return 0;
      }
      String actual = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!actual.equals(expected)) {
        err.println(file + " is stale (it differs from the Synthea jar's map); regenerate with: " + REGENERATE);
        return 1;
      }
      out.println(file + " is up to date");
      return 0;
    } catch (IOException e) {
      err.println("Cannot access " + file + ": " + e.getMessage());
      return 74;
    }
  }
}
