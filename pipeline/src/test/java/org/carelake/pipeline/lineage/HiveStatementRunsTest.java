package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.hive.lineage.HiveLineageSettings;
import org.carelake.hive.lineage.StatementLineage;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.Progress;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.StepRunner;
import org.carelake.pipeline.steps.HiveScriptStep;
import org.carelake.pipeline.steps.HiveSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * HiveStatementRuns fed by the real lineage hook: a Hive script step on an in-process HiveServer2
 * that starts with a SET (a session command: no hook, no query id) and whose last statement fails
 * at run time. Every statement's events carry the hook's record (query
 * id, session user, tables, job ids, column lineage), the failed one's FAIL included; the step's
 * user is the one the connection logged in as, not a constant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveStatementRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  /** Not the pipeline's etl user, and not the OS user: where the events' user comes from shows. */
  private static final String USER = "svc_lineage";
  private static final String HIVE = "hive://embedded-metastore";

  private HiveSession session;
  private Path records;
  private final List<JsonNode> events = new ArrayList<>();

  @BeforeAll
  void runAScriptWhoseLastStatementFails(@TempDir Path dir) throws Exception {
    records = dir.resolve("hive-lineage");
    LocalHiveServer server = LocalHiveServer.builder().baseDir(dir.resolve("hive")).port(0)
        .extraSettings(HiveLineageSettings.hiveSiteEntries(records.toUri().toString())).build().start();
    session = HiveSession.over(server, server.connect(USER), USER, new org.apache.hadoop.fs.Path(records.toUri()),
        new Configuration());
    Path script = Files.writeString(dir.resolve("profile.hql"), """
        SET hive.exec.parallel=false;
        CREATE TABLE people (mrn STRING, birth_year INT, zip STRING);
        INSERT INTO people VALUES ('m1', 1950, '02139'), ('m2', 1990, '10001');
        CREATE TABLE profile (token STRING, age INT, zip3 STRING);
        INSERT OVERWRITE TABLE profile SELECT upper(mrn), 2026 - birth_year, substr(zip, 1, 3) FROM people;
        INSERT OVERWRITE TABLE profile SELECT 'x', 1, assert_true(false) FROM people;
        """);

    Configuration conf = new Configuration();
    CareLakeHome home = CareLakeHome.of(Path.of(System.getProperty("carelake.home")));
    Lake lake = new Lake(new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()));
    String runId = "20261121T020000Z-hive";
    RunLineage lineage = RunLineage.open(conf, lake.root(), runId, DAY, ZoneId.of("America/New_York"),
        new org.apache.hadoop.fs.Path(lake.manifests(DAY), "run-" + runId + ".json"));
    Path scratch = Files.createDirectories(dir.resolve("scratch"));
    Dataset profile = DatasetNames.hiveTable(HIVE, "default.profile", false);
    HiveStatementRuns statements = new HiveStatementRuns(HIVE, uri -> false);
    try (RunContext ctx = new RunContext(runId, DAY, conf, home, DataCatalog.load(home.catalogFile()), lake, scratch,
        scratch, new Progress(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))) {
      lineage.runStarted(Instant.now());
      ctx.addObserver(lineage);
      StepRunner runner = new StepRunner(ctx);
      assertThat(runner.run(new HiveScriptStep(script.toString(), Map.of(), List.of(), List.of(profile), c -> session)
          .withLineage(LineageFacets.EMPTY, statements))).as("the script's last statement fails").isFalse();
      lineage.runEnded(Instant.now(), runner.records(), Optional.empty());
    } finally {
      lineage.close();
    }
    for (String line : Files.readAllLines(Path.of(lineage.eventsFile().toUri()))) {
      events.add(JSON.readTree(line));
    }
  }

  @AfterAll
  void stop() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void theFailedStatementsFailEventCarriesTheHooksRecord() throws Exception {
    StatementLineage failed = hookRecords().stream().filter(r -> r.status().equals(StatementLineage.FAILED))
        .findFirst().orElseThrow(() -> new AssertionError("the hook wrote no FAILED record under " + records));
    JsonNode fail = event("statement-6", "FAIL");
    JsonNode carelake = fail.path("run").path("facets").path("carelake");
    assertThat(carelake.path("facts").path("hive_query_id").asText()).isEqualTo(failed.queryId());
    assertThat(carelake.path("facts").path("operation").asText()).isEqualTo("QUERY");
    assertThat(carelake.path("user").asText()).isEqualTo(USER).isEqualTo(failed.user());
    assertThat(names(fail.path("inputs"))).contains("default.people");
    assertThat(names(fail.path("outputs"))).contains("default.profile");
    assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText())
        .contains("statement statement-6 of step").contains("profile.hql:6 failed (statement 6");
    assertThat(fail.path("job").path("facets").path("sql").path("query").asText()).contains("assert_true(false)");
  }

  @Test
  void theStatementsBeforeItCompleteWithTheirRecordsAndColumnLineage() {
    JsonNode set = event("statement-1", "COMPLETE").path("run").path("facets").path("carelake");
    assertThat(set.path("facts").path("lineage_record").asText()).isEqualTo(HiveStatementRuns.SESSION_COMMAND_RECORD);
    assertThat(set.path("facts").has("hive_query_id")).isFalse();
    assertThat(set.path("user").asText()).isEqualTo(USER);
    for (int i = 2; i <= 5; i++) {
      JsonNode complete = event("statement-" + i, "COMPLETE");
      JsonNode carelake = complete.path("run").path("facets").path("carelake");
      assertThat(carelake.path("user").asText()).as("statement %d", i).isEqualTo(USER);
      assertThat(carelake.path("facts").path("hive_query_id").asText()).as("statement %d", i).isNotBlank();
    }
    JsonNode insert = event("statement-5", "COMPLETE");
    assertThat(insert.path("run").path("facets").path("carelake").path("facts").path("hadoop_job_ids").asText())
        .startsWith("job_");
    JsonNode zip3 = insert.path("outputs").path(0).path("facets").path("columnLineage").path("fields").path("zip3");
    assertThat(zip3.path("inputFields").path(0).path("name").asText()).isEqualTo("default.people");
    assertThat(zip3.path("inputFields").path(0).path("field").asText()).isEqualTo("zip");
  }

  @Test
  void theStepFailsAsTheSessionUserNamingTheStatement() {
    JsonNode step = events.stream().filter(e -> e.path("eventType").asText().equals("FAIL")
        && e.path("job").path("name").asText().startsWith("nightly.hive.")
        && !e.path("job").path("name").asText().contains("statement-")).findFirst().orElseThrow();
    assertThat(step.path("run").path("facets").path("carelake").path("user").asText()).isEqualTo(USER)
        .isNotEqualTo(HiveSession.ETL_USER);
    assertThat(step.path("run").path("facets").path("carelake").path("counts").path("statements").asLong())
        .isEqualTo(5);
    assertThat(events.get(events.size() - 1).path("eventType").asText()).isEqualTo("FAIL");
  }

  private JsonNode event(String statement, String type) {
    return events.stream().filter(e -> e.path("eventType").asText().equals(type)
        && e.path("job").path("name").asText().endsWith(".hql." + statement)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " event of " + statement));
  }

  private static List<String> names(JsonNode datasets) {
    List<String> out = new ArrayList<>();
    datasets.forEach(d -> out.add(d.path("name").asText()));
    return out;
  }

  private List<StatementLineage> hookRecords() throws Exception {
    List<StatementLineage> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(records)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          out.add(StatementLineage.read(in));
        }
      }
    }
    return out;
  }
}
