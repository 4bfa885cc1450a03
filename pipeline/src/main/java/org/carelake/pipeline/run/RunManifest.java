package org.carelake.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The reconciliation manifest of one run (JSON): per table the counts from source window to
 * zones and whether they reconcile, and per step its status, timing, datasets and counts. It is
 * assembled from the step records, so it cannot disagree with what ran.
 */
public final class RunManifest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root = JSON.createObjectNode();

  public RunManifest(String runId, LocalDate businessDate, String status, Instant started, Instant ended,
      Map<String, String> settings, List<TableReconciliation> tables, List<StepRecord> steps) {
    root.put("run_id", runId);
    root.put("business_date", businessDate.toString());
    root.put("status", status);
    root.put("started", started.toString());
    root.put("ended", ended.toString());
    ObjectNode s = root.putObject("settings");
    settings.forEach(s::put);
    ArrayNode t = root.putArray("tables");
    for (TableReconciliation r : tables) {
      ObjectNode n = t.addObject();
      n.put("table", r.table());
      n.put("source", r.source());
      n.put("partition", r.partition());
      n.put("window", r.window());
      n.put("source_rows", r.sourceRows());
      n.put("staged_rows", r.stagedRows());
      n.put("rows_read", r.rowsRead());
      n.put("general_rows", r.generalRows());
      n.put("limited_rows", r.limitedRows());
      n.put("restricted_rows", r.restrictedRows());
      n.put("restricted_distinct_patients", r.restrictedDistinctPatients());
      n.put("restricted_distinct_records", r.restrictedDistinctRecords());
      n.put("restricted_rule", r.restrictedRule());
      n.put("quarantined_rows", r.quarantinedRows());
      n.put("sentinels_nulled", r.sentinelsNulled());
      ObjectNode reasons = n.putObject("quarantine_reasons");
      r.quarantineReasons().forEach(reasons::put);
      n.put("reconciled", r.reconciled());
      ArrayNode problems = n.putArray("problems");
      r.problems().forEach(problems::add);
    }
    ArrayNode st = root.putArray("steps");
    for (StepRecord r : steps) {
      ObjectNode n = st.addObject();
      n.put("name", r.name());
      n.put("kind", r.kind());
      r.table().ifPresent(v -> n.put("table", v));
      n.put("status", r.status().name());
      n.put("started", r.started().toString());
      n.put("ended", r.ended().toString());
      n.put("seconds", r.elapsed().toMillis() / 1000.0);
      datasets(n.putArray("inputs"), r.inputs());
      datasets(n.putArray("outputs"), r.outputs());
      ObjectNode counts = n.putObject("counts");
      r.counts().forEach(counts::put);
      ObjectNode facts = n.putObject("facts");
      r.facts().forEach(facts::put);
      r.error().ifPresent(e -> n.put("error", e));
    }
  }

  private static void datasets(ArrayNode array, List<Dataset> datasets) {
    for (Dataset d : datasets) {
      ObjectNode n = array.addObject();
      n.put("namespace", d.namespace());
      n.put("name", d.name());
      n.put("protected", d.protectedData());
    }
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize the run manifest", e);
    }
  }

  /** Writes the manifest to {@code dir}/run-&lt;runId&gt;.json and returns the file. */
  public Path write(Configuration conf, Path dir) throws IOException {
    Path file = new Path(dir, "run-" + root.get("run_id").asText() + ".json");
    FileSystem fs = file.getFileSystem(conf);
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(file, true)) {
      out.write(toJson().getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
