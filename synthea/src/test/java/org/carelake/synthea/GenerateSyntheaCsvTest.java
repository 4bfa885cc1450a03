package org.carelake.synthea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real generation of 3 patients in this JVM (Synthea allows one per JVM), then the same
 * arguments in a child JVM with another time zone and locale: the files must be identical.
 */
class GenerateSyntheaCsvTest {
  private static final String[] ARGS = {"--patients", "3", "--seed", "7", "--reference-date", "2024-06-30",
      "--years-of-history", "10", "--state", "Massachusetts"};

  @TempDir
  static Path tmp;

  private static Path first;
  private static String firstLog;

  @BeforeAll
  static void generateOnceInThisJvm() {
    first = tmp.resolve("first");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8)); // Synthea prints to System.out
    int exit;
    try {
      exit = GenerateSyntheaCsv.run(withOut(first), System.out, System.err);
    } finally {
      System.setOut(original);
    }
    firstLog = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code; output:%n%s", firstLog).isZero();
  }

  private static String[] withOut(Path out) {
    List<String> args = new ArrayList<>(List.of("--out", out.toString()));
    args.addAll(Arrays.asList(ARGS));
    return args.toArray(String[]::new);
  }

  /** The catalog's CSV columns per table (all but row_id and last_modified), read with Synthea's Jackson. */
  private static Map<String, List<String>> catalogColumns() throws IOException {
    Path file = Path.of(System.getProperty("carelake.catalog.file", "../catalog/data-classification.json"));
    if (!Files.isRegularFile(file)) {
      fail("The data classification catalog " + file.toAbsolutePath() + " is missing; run the tests from the "
          + "synthea module of the CareLake checkout or set -Dcarelake.catalog.file");
    }
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode t : root.path("tables")) {
      List<String> cols = new ArrayList<>();
      for (JsonNode c : t.path("columns")) {
        String name = c.path("name").asText();
        if (!name.equals("row_id") && !name.equals("last_modified")) {
          cols.add(name);
        }
      }
      out.put(t.path("name").asText(), cols);
    }
    return out;
  }

  @Test
  void everyCatalogTableHasACsvWhoseHeaderIsTheCatalogsColumns() throws IOException {
    Map<String, List<String>> catalog = catalogColumns();
    assertThat(catalog).hasSize(16);
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, List<String>> t : catalog.entrySet()) {
      Path csv = first.resolve(t.getKey() + ".csv");
      assertThat(csv).as("CSV of catalog table %s", t.getKey()).isRegularFile();
      String header = Files.newBufferedReader(csv, StandardCharsets.UTF_8).readLine();
      TreeSet<String> inCsv = new TreeSet<>();
      for (String h : header.split(",", -1)) {
        inCsv.add(h.toLowerCase(Locale.ROOT));
      }
      TreeSet<String> inCatalog = new TreeSet<>(t.getValue());
      if (!inCsv.equals(inCatalog)) {
        TreeSet<String> extra = new TreeSet<>(inCsv);
        extra.removeAll(inCatalog);
        TreeSet<String> missing = new TreeSet<>(inCatalog);
        missing.removeAll(inCsv);
        mismatches.add(t.getKey() + ": in the CSV, not the catalog " + extra + "; in the catalog, not the CSV " + missing);
      }
    }
    assertThat(mismatches).as("Synthea 3.3.0's CSV columns vs catalog/data-classification.json").isEmpty();
  }

  @Test
  void theOutputIsFlatCsvOnlyAndTheLogNamesNoPatient() throws IOException {
    try (Stream<Path> files = Files.list(first)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).allMatch(n -> n.endsWith(".csv")).contains("patients.csv", "claims_transactions.csv")
          .doesNotContain("csv", "fhir", "metadata");
    }
    List<String> patients = Files.readAllLines(first.resolve("patients.csv"), StandardCharsets.UTF_8);
    List<String> header = Arrays.asList(patients.get(0).split(","));
    // --patients counts the living; Synthea adds the people who died during the simulation
    long alive = patients.stream().skip(1).filter(r -> r.split(",", -1)[header.indexOf("DEATHDATE")].isEmpty()).count();
    assertThat(alive).isEqualTo(3);
    for (String row : patients.subList(1, patients.size())) {
      String[] f = row.split(",", -1);
      String firstName = f[header.indexOf("FIRST")];
      String lastName = f[header.indexOf("LAST")];
      assertThat(firstName).isNotEmpty();
      assertThat(firstLog).as("generate.log_patients.detail=none keeps names out of the log")
          .doesNotContain(firstName).doesNotContain(lastName);
    }
    assertThat(firstLog).contains("Records: total=" + (patients.size() - 1) + ", alive=3");
  }

  @Test
  void aSecondJvmWithOtherDefaultsWritesByteIdenticalFiles() throws Exception {
    Path second = tmp.resolve("second");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Duser.timezone=America/Los_Angeles", "-Duser.language=de", "-Duser.country=DE",
        "-cp", System.getProperty("java.class.path"), GenerateSyntheaCsv.class.getName()));
    cmd.addAll(Arrays.asList(withOut(second)));
    Path log = tmp.resolve("second.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("the second generation did not finish in 10 minutes");
    }
    assertThat(p.exitValue()).as("child exit; log:%n%s", Files.readString(log)).isZero();

    List<String> firstFiles;
    List<String> secondFiles;
    try (Stream<Path> a = Files.list(first); Stream<Path> b = Files.list(second)) {
      firstFiles = a.map(f -> f.getFileName().toString()).sorted().toList();
      secondFiles = b.map(f -> f.getFileName().toString()).sorted().toList();
    }
    assertThat(secondFiles).isEqualTo(firstFiles).hasSize(18);
    for (String name : firstFiles) {
      assertThat(Files.mismatch(first.resolve(name), second.resolve(name))).as("first differing byte of %s", name)
          .isEqualTo(-1L);
    }
  }

  @Test
  void badArgumentsFailFastWithTheArgumentNamed() {
    assertBad("--reference-date 2999-01-01 is in the future", "--out", tmp.resolve("x").toString(),
        "--reference-date", "2999-01-01");
    assertBad("--reference-date '2024-02-30' is not a date", "--out", tmp.resolve("x").toString(),
        "--reference-date", "2024-02-30");
    assertBad("--patients 0 is less than 1", "--out", tmp.resolve("x").toString(), "--reference-date",
        "2024-01-01", "--patients", "0");
    assertBad("--seed 'abc' is not a whole number", "--out", "x", "--reference-date", "2024-01-01", "--seed", "abc");
    assertBad("--out is missing", "--reference-date", "2024-01-01");
    assertBad("--reference-date is missing", "--out", "x");
    assertBad("--patients needs a value", "--out", "x", "--patients");
    assertBad("Unknown argument '--pateints'", "--out", "x", "--pateints", "3");
    assertThat(Files.exists(tmp.resolve("x"))).as("nothing created for a bad command line").isFalse();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(GenerateSyntheaCsv.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: GenerateSyntheaCsv").contains("--reference-date");
  }

  @Test
  void aNonEmptyOutputDirectoryIsRefusedBeforeSyntheaStarts() throws IOException {
    Path used = Files.createDirectories(tmp.resolve("used"));
    Files.writeString(used.resolve("patients.csv"), "Id\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = GenerateSyntheaCsv.run(new String[] {"--out", used.toString(), "--reference-date", "2024-01-01"},
        System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(used.toString()).contains("not empty")
        .contains("new or empty directory");
  }

  /** The real main exits non-zero (System.exit), checked in a child JVM; no Synthea start-up is paid. */
  @Test
  void mainExitsNonZeroOnABadDate() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
        "-cp", System.getProperty("java.class.path"), GenerateSyntheaCsv.class.getName(),
        "--out", tmp.resolve("y").toString(), "--reference-date", "yesterday").redirectErrorStream(true).start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(output).contains("--reference-date 'yesterday' is not a date YYYY-MM-DD").contains("Usage:");
  }

  private static void assertBad(String expected, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = GenerateSyntheaCsv.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as("exit code for %s", Arrays.toString(args)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(expected).contains("Usage:");
  }
}
