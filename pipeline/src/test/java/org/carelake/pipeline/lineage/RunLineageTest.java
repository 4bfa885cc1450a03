package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events derived by the step runner for every step (never written by the steps): START and
 * COMPLETE/FAIL pairs, the parent run, facets, the manifest link, a FAIL naming the step and
 * reason; the same events posted to an OpenLineage HTTP endpoint as the spec documents.
 */
class RunLineageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void everyStepEmitsStartAndCompleteUnderTheNightlyRun() throws Exception {
    LineageTestRun run = new LineageTestRun(dir, new Configuration()).run(false);
    List<JsonNode> events = parse(run.eventLines());

    // run START, 4 steps x (START, COMPLETE), the statement's START and COMPLETE, run COMPLETE
    assertThat(events).hasSize(1 + 8 + 2 + 1);
    JsonNode runStart = events.get(0);
    JsonNode runEnd = events.get(events.size() - 1);
    assertThat(runStart.path("job").path("name").asText()).isEqualTo("nightly");
    assertThat(runStart.path("eventType").asText()).isEqualTo("START");
    assertThat(runEnd.path("eventType").asText()).isEqualTo("COMPLETE");
    String parentRun = runStart.path("run").path("runId").asText();
    assertThat(runEnd.path("run").path("runId").asText()).isEqualTo(parentRun);

    List<JsonNode> steps = events.stream().filter(e -> e.path("job").path("name").asText().startsWith("nightly.")
        && !e.path("job").path("name").asText().contains("statement")).toList();
    assertThat(steps).extracting(e -> e.path("job").path("name").asText() + " " + e.path("eventType").asText())
        .containsExactly("nightly.import.ehr.patients START", "nightly.import.ehr.patients COMPLETE",
            "nightly.split.patients START", "nightly.split.patients COMPLETE",
            "nightly.hive.partitions/add_partitions.hql START", "nightly.hive.partitions/add_partitions.hql COMPLETE",
            "nightly.hive.snapshot/patient_profile.hql START", "nightly.hive.snapshot/patient_profile.hql COMPLETE");
    for (int i = 0; i < steps.size(); i += 2) {
      assertThat(steps.get(i).path("run").path("runId")).isEqualTo(steps.get(i + 1).path("run").path("runId"));
    }
    for (JsonNode e : events) {
      JsonNode carelake = e.path("run").path("facets").path("carelake");
      assertThat(carelake.path("run_id").asText()).isEqualTo(run.runId);
      assertThat(carelake.path("business_date").asText()).isEqualTo("2026-11-20");
      assertThat(carelake.path("manifest").asText()).endsWith("/_manifests/dt=2026-11-20/run-" + run.runId + ".json");
      assertThat(e.path("job").path("namespace").asText()).isEqualTo("carelake");
      // every event is a valid OpenLineage RunEvent
      assertThat(OpenLineageClientUtils.runEventFromJson(e.toString()).getRun().getRunId()).isNotNull();
      if (!e.path("job").path("name").asText().equals("nightly") && !e.path("job").path("name").asText().contains("statement")) {
        assertThat(e.path("run").path("facets").path("parent").path("run").path("runId").asText()).isEqualTo(parentRun);
      }
    }
  }

  @Test
  void completeEventsCarrySchemaRowCountsQuarantineJobIdsUserAndMaskedColumnLineage() throws Exception {
    List<JsonNode> events = parse(new LineageTestRun(dir, new Configuration()).run(false).eventLines());
    JsonNode split = complete(events, "nightly.split.patients");
    JsonNode carelake = split.path("run").path("facets").path("carelake");
    assertThat(carelake.path("counts").path("quarantined_rows").asLong()).isEqualTo(1);
    assertThat(carelake.path("facts").path("hadoop_job_id").asText()).isEqualTo("job_local1_0001");
    assertThat(carelake.path("user").asText()).isEqualTo(System.getProperty("user.name"));

    JsonNode general = output(split, "/general/patients/dt=2026-11-20");
    assertThat(general.path("facets").path("carelake_classification").path("protected").asBoolean()).isFalse();
    assertThat(general.path("outputFacets").path("outputStatistics").path("rowCount").asLong()).isEqualTo(2);
    JsonNode zip3 = general.path("facets").path("columnLineage").path("fields").path("zip3").path("inputFields").path(0);
    assertThat(zip3.path("field").asText()).isEqualTo("zip");
    assertThat(zip3.path("transformations").path(0).path("masking").asBoolean()).isTrue();
    assertThat(zip3.path("transformations").path(0).path("description").asText()).startsWith("ZIP3");
    assertThat(general.path("facets").path("columnLineage").path("fields").has("ssn")).isFalse();
    assertThat(general.path("facets").path("schema").path("fields")).extracting(f -> f.path("name").asText())
        .contains("id", "birthdate_year", "zip3").doesNotContain("ssn", "first", "last");
    JsonNode restricted = output(split, "/restricted/patients/dt=2026-11-20");
    assertThat(restricted.path("facets").path("carelake_classification").path("protected").asBoolean()).isTrue();
    assertThat(restricted.path("facets").path("columnLineage").path("fields").path("ssn").path("inputFields").path(0)
        .path("transformations").path(0).path("subtype").asText()).isEqualTo("IDENTITY");
    assertThat(output(split, "/quarantine/patients/dt=2026-11-20").path("outputFacets").path("outputStatistics")
        .path("rowCount").asLong()).isEqualTo(1);

    JsonNode statement = complete(events, "nightly.hive.snapshot/patient_profile.hql.statement-1");
    assertThat(statement.path("run").path("facets").path("carelake").path("user").asText()).isEqualTo("etl");
    assertThat(statement.path("run").path("facets").path("carelake").path("facts").path("hive_query_id").asText())
        .isEqualTo("etl_q1");
    assertThat(statement.path("job").path("facets").path("sql").path("query").asText()).startsWith("INSERT OVERWRITE");
    JsonNode snapshotStep = complete(events, "nightly.hive.snapshot/patient_profile.hql");
    assertThat(statement.path("run").path("facets").path("parent").path("run").path("runId"))
        .isEqualTo(snapshotStep.path("run").path("runId"));
  }

  @Test
  void aFailedStepEmitsFailNamingTheStepAndTheRunFailsWithIt() throws Exception {
    List<JsonNode> events = parse(new LineageTestRun(dir, new Configuration()).run(true).eventLines());
    JsonNode fail = events.stream().filter(e -> e.path("job").path("name").asText().equals("nightly.reconcile")
        && e.path("eventType").asText().equals("FAIL")).findFirst().orElseThrow();
    assertThat(fail.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("step 'reconcile' failed: the counts do not reconcile: patients (3 read but 2 + 0 written)");
    JsonNode runEnd = events.get(events.size() - 1);
    assertThat(runEnd.path("job").path("name").asText()).isEqualTo("nightly");
    assertThat(runEnd.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(runEnd.path("run").path("facets").path("errorMessage").path("message").asText())
        .startsWith("step 'reconcile' failed: the counts do not reconcile");
  }

  @Test
  void aRunStoppedOutsideItsStepsFailsWithTheExceptionsClassAndMessage() throws Exception {
    LineageTestRun run = new LineageTestRun(dir, new Configuration());
    run.stoppedBy = new java.io.UncheckedIOException(null, new java.io.IOException("No space left on device"));
    List<JsonNode> events = parse(run.run(false).eventLines());
    JsonNode runEnd = events.get(events.size() - 1);
    assertThat(runEnd.path("job").path("name").asText()).isEqualTo("nightly");
    assertThat(runEnd.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(runEnd.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("the run stopped: UncheckedIOException caused by IOException: No space left on device");
    assertThat(RunLineage.stopReason(new IllegalStateException("HiveServer2 did not start within 120 s")))
        .isEqualTo("the run stopped: IllegalStateException: HiveServer2 did not start within 120 s");
    assertThat(RunLineage.stopReason(new OutOfMemoryError())).isEqualTo("the run stopped: OutOfMemoryError");
  }

  @Test
  void aFailingHiveStatementKeepsTheStatementsBeforeItAndFailsItsStep() throws Exception {
    LineageTestRun run = new LineageTestRun(dir, new Configuration());
    run.failingStatement = true;
    List<JsonNode> events = parse(run.run(false).eventLines());
    assertThat(complete(events, "nightly.hive.ddl/broken.hql.statement-1")).isNotNull();
    JsonNode failedStatement = events.stream().filter(e -> e.path("job").path("name").asText()
        .equals("nightly.hive.ddl/broken.hql.statement-2") && e.path("eventType").asText().equals("FAIL"))
        .findFirst().orElseThrow();
    assertThat(failedStatement.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("statement statement-2 of step 'hive ddl/broken.hql' failed: broken.hql:3 failed (statement 2: "
            + "ALTER TABLE ...) with SQLState 42000");
    JsonNode step = events.stream().filter(e -> e.path("job").path("name").asText().equals("nightly.hive.ddl/broken.hql")
        && e.path("eventType").asText().equals("FAIL")).findFirst().orElseThrow();
    assertThat(step.path("run").path("facets").path("carelake").path("counts").path("statements").asLong()).isEqualTo(1);
    assertThat(run.runner.records().get(run.runner.records().size() - 1).error()).contains("broken.hql:3 failed");
    JsonNode runEnd = events.get(events.size() - 1);
    assertThat(runEnd.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(runEnd.path("run").path("facets").path("errorMessage").path("message").asText())
        .isEqualTo("step 'hive ddl/broken.hql' failed: broken.hql:3 failed");
  }

  @Test
  void eventsArePostedToAnOpenLineageEndpointWithTheApiKey() throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String problem = null;
      if (!"POST".equals(exchange.getRequestMethod())) {
        problem = "method " + exchange.getRequestMethod();
      } else if (!"/api/v1/lineage".equals(exchange.getRequestURI().getPath())) {
        problem = "path " + exchange.getRequestURI();
      } else if (!String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
        problem = "content type " + exchange.getRequestHeaders().getFirst("Content-Type");
      } else if (!"Bearer test-key-123".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        problem = "authorization " + exchange.getRequestHeaders().getFirst("Authorization");
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (problem == null) {
        bodies.add(new String(body, StandardCharsets.UTF_8));
      } else {
        problems.add(problem);
      }
      // Marquez answers 201 Created
      exchange.sendResponseHeaders(problem == null ? 201 : 400, -1);
      exchange.close();
    });
    server.start();
    try {
      Path key = Files.writeString(dir.resolve("ol.key"), "test-key-123\n");
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
      Configuration conf = new Configuration();
      LineageConf.setHttpUrl(conf, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
      LineageConf.setHttpApiKeyFile(conf, key);
      LineageTestRun run = new LineageTestRun(dir, conf).run(false);

      assertThat(problems).isEmpty();
      assertThat(run.lineage.problems()).isEmpty();
      List<String> lines = run.eventLines();
      assertThat(bodies).hasSize(lines.size());
      for (int i = 0; i < lines.size(); i++) {
        OpenLineage.RunEvent posted = OpenLineageClientUtils.runEventFromJson(bodies.get(i));
        assertThat(JSON.readTree(bodies.get(i))).isEqualTo(JSON.readTree(lines.get(i)));
        assertThat(posted.getEventType()).isNotNull();
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aDeadEndpointIsReportedOnceAndTheLakeStillGetsEveryEvent() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Configuration conf = new Configuration();
    LineageConf.setHttpUrl(conf, URI.create("http://127.0.0.1:" + closedPort));
    LineageConf.setHttpTimeoutMs(conf, 2000);
    LineageTestRun run = new LineageTestRun(dir, conf).run(false);
    assertThat(run.lineage.problems()).singleElement().asString()
        .contains("http://127.0.0.1:" + closedPort + "/api/v1/lineage").contains("later events of this run were not sent");
    assertThat(run.eventLines()).hasSize(12);
  }

  private static List<JsonNode> parse(List<String> lines) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : lines) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static JsonNode complete(List<JsonNode> events, String job) {
    return events.stream().filter(e -> e.path("job").path("name").asText().equals(job)
        && e.path("eventType").asText().equals("COMPLETE")).findFirst()
        .orElseThrow(() -> new AssertionError("no COMPLETE event of " + job));
  }

  private static JsonNode output(JsonNode event, String suffix) {
    for (JsonNode o : event.path("outputs")) {
      if (o.path("name").asText().endsWith(suffix)) {
        return o;
      }
    }
    throw new AssertionError("no output " + suffix + " in " + event.path("outputs"));
  }
}
