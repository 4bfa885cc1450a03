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
import org.carelake.pipeline.lineage.LineageGraph;
import org.carelake.pipeline.lineage.LineageHtml;
import org.carelake.pipeline.lineage.RunLineage;

/**
 * Lineage checks on the end-to-end run's events: every step's START and COMPLETE, the Hive
 * statements with the session user, job ids and column lineage, snapshot columns traced down to
 * PostgreSQL and MariaDB columns through the masking treatments, the lineage command, and the
 * HTML page as Chromium draws it.
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
    JsonNode build = statements.get(2);
    assertThat(build.path("run").path("facets").path("carelake").path("facts").path("hadoop_job_ids").asText())
        .startsWith("job_");
    JsonNode out = build.path("outputs").path(0);
    assertThat(out.path("name").asText()).isEqualTo("snapshot.patient_profile_build");
    assertThat(out.path("facets").path("columnLineage").path("fields").path("zip3").path("inputFields").path(0)
        .path("name").asText()).isEqualTo("clinical.patients");
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
        .contains("NOT PASSED ON (restricted zone only): ssn");

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
    Path profile = Files.createTempDirectory(outDir, "chromium-profile");
    Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=2200,1700", "--screenshot=" + png,
        html.toUri().toString()).redirectErrorStream(true).redirectOutput(outDir.resolve("chromium.log").toFile())
        .start();
    assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(png).as("screenshot (see " + outDir.resolve("chromium.log") + ")").exists();
    BufferedImage image = ImageIO.read(png.toFile());
    int protectedPixels = count(image, LineageHtml.PROTECTED_FILL);
    int generalPixels = count(image, LineageHtml.GENERAL_FILL);
    // dozens of boxes of each kind, 290 x 22 px each (72 protected and 34 general in this run)
    assertThat(protectedPixels).as("protected-red pixels").isGreaterThan(100_000);
    assertThat(generalPixels).as("general-green pixels").isGreaterThan(50_000);
  }

  private static int count(BufferedImage image, String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y) & 0xffffff;
        if (Math.abs((p >> 16) - (rgb >> 16)) <= 6 && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 6
            && Math.abs((p & 0xff) - (rgb & 0xff)) <= 6) {
          n++;
        }
      }
    }
    return n;
  }
}
