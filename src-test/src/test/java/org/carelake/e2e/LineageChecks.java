package org.carelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.carelake.pipeline.cli.CareLakeCli;
import org.carelake.pipeline.lineage.ColumnPath;
import org.carelake.pipeline.lineage.HiveStatementRuns;
import org.carelake.pipeline.lineage.LineageEvents;
import org.carelake.pipeline.lineage.LineageGraph;
import org.carelake.pipeline.lineage.LineageHtml;
import org.carelake.pipeline.lineage.RunLineage;

/**
 * Lineage checks on the end-to-end run's events: every step's START and COMPLETE, the splits'
 * counts, schemas and job ids, every Hive statement with the session user, job ids and column
 * lineage, snapshot columns traced down to PostgreSQL and MariaDB columns through the masking
 * treatments (identifiers left behind or dropped), the lineage command, and the HTML page as
 * Chromium draws it: boxes and edges.
 */
final class LineageChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path lakeRoot;
  private final LocalDate day;
  private final JsonNode manifest;
  private final List<JsonNode> events = new ArrayList<>();
  private final LineageGraph graph;

  LineageChecks(Path lakeRoot, LocalDate day, JsonNode manifest) throws Exception {
    this.lakeRoot = lakeRoot;
    this.day = day;
    this.manifest = manifest;
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(lakeRoot.toUri());
    Path file = Path.of(RunLineage.eventsFile(root, day, manifest.path("run_id").asText()).toUri());
    for (String line : Files.readAllLines(file)) {
      events.add(JSON.readTree(line));
    }
    graph = LineageGraph.read(new Configuration(), root, day, Optional.empty());
  }

  void everyStepAndTheRunHaveStartAndComplete() {
    Map<String, List<String>> byJob = new HashMap<>();
    events.forEach(e -> byJob.computeIfAbsent(e.path("job").path("name").asText(), k -> new ArrayList<>())
        .add(e.path("eventType").asText()));
    assertThat(byJob.get("nightly")).containsExactly("START", "COMPLETE");
    List<String> steps = new ArrayList<>();
    manifest.path("steps").forEach(s -> steps.add(s.path("name").asText()));
    steps.add("reconcile");
    assertThat(steps).hasSizeGreaterThan(30);
    for (String step : steps) {
      assertThat(byJob.get("nightly." + step.replace(' ', '.'))).as(step).containsExactly("START", "COMPLETE");
    }
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.path("run").path("facets").path("carelake").path("manifest").asText())
        .endsWith("/_manifests/dt=" + day + "/run-" + manifest.path("run_id").asText() + ".json");
    // the linked manifest is the one written
    assertThat(Path.of(java.net.URI.create(end.path("run").path("facets").path("carelake").path("manifest").asText()
        .replaceFirst("^file:", "file://")))).exists();
    splitsCompleteWithQuarantineCountsSchemasAndJobIds();
  }

  /** Each split's COMPLETE: the manifest's counts (quarantine by reason too), the job id, each zone's schema and rows. */
  private void splitsCompleteWithQuarantineCountsSchemasAndJobIds() {
    assertThat(manifest.path("tables")).hasSizeGreaterThan(10);
    for (JsonNode table : manifest.path("tables")) {
      String name = table.path("table").asText();
      JsonNode split = event("nightly.split." + name, "COMPLETE");
      JsonNode carelake = split.path("run").path("facets").path("carelake");
      assertThat(carelake.path("facts").path("hadoop_job_id").asText()).as(name).startsWith("job_local");
      assertThat(carelake.path("counts").path("rows_read").asLong()).as(name).isEqualTo(table.path("rows_read").asLong());
      assertThat(carelake.path("counts").path("quarantined_rows").isNumber()).as(name + " quarantined_rows").isTrue();
      assertThat(carelake.path("counts").path("quarantined_rows").asLong()).as(name)
          .isEqualTo(table.path("quarantined_rows").asLong());
      table.path("quarantine_reasons").fields().forEachRemaining(r -> assertThat(carelake.path("counts")
          .path("quarantine." + r.getKey()).asLong()).as(name + " " + r.getKey()).isEqualTo(r.getValue().asLong()));
      Map<String, JsonNode> zones = new HashMap<>();
      split.path("outputs").forEach(o -> zones.put(o.path("facets").path("carelake_classification").path("zone")
          .asText(), o));
      assertThat(zones).as(name).containsKeys("general", "limited", "quarantine");
      assertThat(rows(zones.get("general"))).as(name).isEqualTo(table.path("general_rows").asLong());
      assertThat(rows(zones.get("limited"))).as(name).isEqualTo(table.path("limited_rows").asLong());
      assertThat(rows(zones.get("quarantine"))).as(name).isEqualTo(table.path("quarantined_rows").asLong());
      assertThat(fields(zones.get("quarantine"))).as(name).containsExactly("reason", "column_name", "detail",
          "source_record");
      assertThat(fields(split.path("inputs").path(0))).as(name).contains("last_modified");
      if (zones.containsKey("restricted")) {
        assertThat(rows(zones.get("restricted"))).as(name).isEqualTo(table.path("restricted_rows").asLong());
        assertThat(fields(zones.get("restricted"))).as(name).startsWith("patient_token", "record_token");
      }
    }
    JsonNode patients = event("nightly.split.patients", "COMPLETE");
    patients.path("outputs").forEach(o -> {
      String zone = o.path("facets").path("carelake_classification").path("zone").asText();
      if (zone.equals("general")) {
        assertThat(fields(o)).contains("zip3", "birthdate_year").doesNotContain("ssn", "zip", "birthdate", "last_modified");
      } else if (zone.equals("restricted")) {
        assertThat(fields(o)).contains("ssn", "first", "last", "zip").doesNotContain("last_modified");
      }
    });
  }

  private JsonNode event(String job, String type) {
    return events.stream().filter(e -> e.path("eventType").asText().equals(type)
        && e.path("job").path("name").asText().equals(job)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event of " + job));
  }

  private static long rows(JsonNode output) {
    return output.path("outputFacets").path("outputStatistics").path("rowCount").asLong(-1);
  }

  private static List<String> fields(JsonNode dataset) {
    List<String> out = new ArrayList<>();
    dataset.path("facets").path("schema").path("fields").forEach(f -> out.add(f.path("name").asText()));
    return out;
  }

  void hiveStatementsCarryTheSessionUserJobIdsAndColumnLineage() {
    JsonNode imported = events.stream().filter(e -> e.path("eventType").asText().equals("COMPLETE")
        && e.path("job").path("name").asText().equals("nightly.import.ehr.patients")).findFirst().orElseThrow();
    assertThat(imported.path("run").path("facets").path("carelake").path("facts").path("hadoop_job_id").asText())
        .startsWith("job_local");
    assertThat(imported.path("inputs").path(0).path("namespace").asText()).isEqualTo("postgres://127.0.0.1:5432");
    assertThat(imported.path("outputs").path(0).path("outputFacets").path("outputStatistics").path("rowCount").asLong())
        .isPositive();
    List<JsonNode> statements = events.stream().filter(e -> e.path("eventType").asText().equals("COMPLETE")
        && e.path("job").path("name").asText().startsWith("nightly.hive.snapshot/patient_profile.hql.statement-"))
        .toList();
    assertThat(statements).hasSize(4);
    for (JsonNode s : statements) {
      JsonNode carelake = s.path("run").path("facets").path("carelake");
      assertThat(carelake.path("user").asText()).isEqualTo("etl").isNotEqualTo(System.getProperty("user.name"));
      assertThat(carelake.path("facts").path("hive_query_id").asText()).isNotBlank();
    }
    everyHiveStepsStatementsHaveEventsAsTheEtlUser();
    JsonNode build = statements.get(2);
    assertThat(build.path("run").path("facets").path("carelake").path("facts").path("hadoop_job_ids").asText())
        .startsWith("job_");
    JsonNode out = build.path("outputs").path(0);
    assertThat(out.path("name").asText()).isEqualTo("snapshot.patient_profile_build");
    assertThat(out.path("facets").path("columnLineage").path("fields").path("zip3").path("inputFields").path(0)
        .path("name").asText()).isEqualTo("clinical.patients");
  }

  /** Every Hive script step, not only the snapshot's: one START and COMPLETE per statement it ran, with a query id. */
  private void everyHiveStepsStatementsHaveEventsAsTheEtlUser() {
    int scripts = 0;
    for (JsonNode step : manifest.path("steps")) {
      if (!step.path("kind").asText().equals("hive")) {
        continue;
      }
      scripts++;
      String job = LineageEvents.jobName(step.path("name").asText());
      long n = step.path("counts").path("statements").asLong();
      assertThat(n).as(job + " statements").isPositive();
      assertThat(event(job, "COMPLETE").path("run").path("facets").path("carelake").path("user").asText()).as(job)
          .isEqualTo("etl");
      List<String> statementJobs = events.stream().map(e -> e.path("job").path("name").asText())
          .filter(j -> j.startsWith(job + ".statement-")).distinct().toList();
      assertThat(statementJobs).as(job).hasSize((int) n);
      for (int i = 1; i <= n; i++) {
        String statement = job + ".statement-" + i;
        assertThat(events.stream().filter(e -> e.path("job").path("name").asText().equals(statement))
            .map(e -> e.path("eventType").asText())).as(statement).containsExactly("START", "COMPLETE");
        JsonNode complete = event(statement, "COMPLETE");
        JsonNode carelake = complete.path("run").path("facets").path("carelake");
        if (complete.path("job").path("facets").path("sql").path("query").asText().startsWith("SET ")) {
          // a session command: Hive runs no query, so there is no query id and no hook record
          assertThat(carelake.path("facts").path("lineage_record").asText()).as(statement)
              .isEqualTo(HiveStatementRuns.SESSION_COMMAND_RECORD);
        } else {
          assertThat(carelake.path("facts").path("hive_query_id").asText()).as(statement).isNotBlank();
        }
        assertThat(carelake.path("user").asText()).as(statement).isEqualTo("etl");
      }
    }
    // databases, entitlements, clinical, clinical_limited, phi_restricted, partitions, 2 references, 2 snapshots, steward
    assertThat(scripts).isEqualTo(11);
  }

  void snapshotColumnsAreTracedToTheSourceDatabasesThroughTheirMasking() {
    ColumnPath zip3 = ColumnPath.of(graph, "snapshot.patient_profile.zip3");
    assertThat(zip3.masked()).isTrue();
    assertThat(zip3.sources()).singleElement().satisfies(c -> {
      assertThat(c.namespace()).isEqualTo("postgres://127.0.0.1:5432");
      assertThat(c.name()).endsWith(".public.patients");
      assertThat(c.field()).isEqualTo("zip");
    });
    assertThat(zip3.render()).contains("MASKED TRANSFORMATION by nightly.split.patients: ZIP3")
        .contains("NOT PASSED ON (restricted zone only): ssn")
        .contains("DROPPED (written to no zone): last_modified");

    ColumnPath token = ColumnPath.of(graph, "snapshot.patient_profile.patient_token");
    assertThat(token.sources()).extracting(c -> c.name().replaceFirst("^[^.]+\\.", "") + "." + c.field())
        .containsExactly("public.patients.id");
    assertThat(token.render()).contains("TOKENIZE");

    ColumnPath charges = ColumnPath.of(graph, "snapshot.patient_profile.total_charges");
    assertThat(charges.sources()).anySatisfy(c -> {
      assertThat(c.namespace()).isEqualTo("mysql://127.0.0.1:3306");
      assertThat(c.name()).endsWith(".claims_transactions");
      assertThat(c.field()).isEqualTo("amount");
    });
    // no path from a snapshot column reaches a restricted-only identifier
    for (String column : graph.columns(graph.named("snapshot.patient_profile").get(0))) {
      ColumnPath p = ColumnPath.of(graph, "snapshot.patient_profile." + column);
      assertThat(p.sources()).extracting(LineageGraph.Column::field).as(column)
          .doesNotContain("ssn", "first", "last", "address", "drivers", "passport");
    }
  }

  /** The command prints the path; its page, drawn by headless Chromium, shows protected and general datasets. */
  void theLineageCommandPrintsThePathAndItsPageShowsBothKinds(Path workDir, Path outDir) throws Exception {
    Path html = outDir.resolve("lineage-e2e.html");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int exit;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      exit = CareLakeCli.execute("lineage", "--work-dir", workDir.toString(), "--date", day.toString(),
          "--column", "snapshot.patient_profile.zip3", "--html", html.toString());
    } finally {
      System.setOut(saved);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed).contains("Upstream of snapshot.patient_profile.zip3").contains("MASKED")
        .contains("postgres://127.0.0.1:5432").contains("Wrote " + html);

    Path png = outDir.resolve("lineage-e2e.png");
    Files.deleteIfExists(png);
    // a window the whole graph fits in (the page's text above it included), so the path is on the screenshot
    java.util.regex.Matcher size = java.util.regex.Pattern.compile("<svg [^>]*width=\"(\\d+)\" height=\"(\\d+)\"")
        .matcher(Files.readString(html));
    assertThat(size.find()).as("the page has the graph").isTrue();
    int width = Integer.parseInt(size.group(1)) + 100;
    int height = Math.max(1700, Integer.parseInt(size.group(2)) + 1000);
    Path profile = Files.createTempDirectory(outDir, "chromium-profile");
    Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "--screenshot=" + png, html.toUri().toString()).redirectErrorStream(true)
        .redirectOutput(outDir.resolve("chromium.log").toFile()).start();
    assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(png).as("screenshot (see " + outDir.resolve("chromium.log") + ")").exists();
    BufferedImage image = ImageIO.read(png.toFile());
    int protectedPixels = count(image, LineageHtml.PROTECTED_FILL);
    int generalPixels = count(image, LineageHtml.GENERAL_FILL);
    // dozens of boxes of each kind, 290 x 22 px each
    assertThat(protectedPixels).as("protected-red pixels").isGreaterThan(100_000);
    assertThat(generalPixels).as("general-green pixels").isGreaterThan(50_000);
    // edges are drawn between the columns of boxes: the path's (4 px) across each of the 5 gaps from the
    // source column to the snapshot, and the others (2 px) in those gaps too. A gap is 60 px wide.
    List<int[]> hot = xRuns(image, LineageHtml.HOT_EDGE_STROKE);
    assertThat(hot.stream().filter(r -> r[1] - r[0] >= 40)).as("gaps the highlighted path crosses: %s", describe(hot))
        .hasSizeGreaterThanOrEqualTo(5);
    List<int[]> plain = xRuns(image, LineageHtml.EDGE_STROKE);
    assertThat(plain.stream().filter(r -> r[1] - r[0] >= 40)).as("gaps with other edges: %s", describe(plain))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(count(image, LineageHtml.EDGE_STROKE)).as("edge-grey pixels").isGreaterThan(2_000);
  }

  /**
   * Ranges of x (inclusive) where at least 3 pixels of a column have the colour: an edge shows as a
   * range as wide as the gap it crosses; boxes and text have other colours.
   */
  private static List<int[]> xRuns(BufferedImage image, String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    List<int[]> runs = new ArrayList<>();
    int start = -1;
    for (int x = 0; x <= image.getWidth(); x++) {
      int n = 0;
      for (int y = 0; x < image.getWidth() && y < image.getHeight() && n < 3; y++) {
        if (near(image.getRGB(x, y), rgb)) {
          n++;
        }
      }
      if (n >= 3 && start < 0) {
        start = x;
      } else if (n < 3 && start >= 0) {
        runs.add(new int[] {start, x - 1});
        start = -1;
      }
    }
    return runs;
  }

  private static String describe(List<int[]> runs) {
    return runs.stream().map(r -> r[0] + "-" + r[1]).toList().toString();
  }

  private static int count(BufferedImage image, String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (near(image.getRGB(x, y), rgb)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Within 6 per channel: anti-aliasing and colour management shift a colour slightly. */
  private static boolean near(int pixel, int rgb) {
    int p = pixel & 0xffffff;
    return Math.abs((p >> 16) - (rgb >> 16)) <= 6 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 6
        && Math.abs((p & 0xff) - (rgb & 0xff)) <= 6;
  }
}
