package org.carelake.pipeline.lineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.split.output.Zone;

/**
 * The lineage of one run, read back from its OpenLineage events: datasets (protected or
 * general), column links (output column &lt;- input column, with the transformation and the job),
 * dataset edges derived from them, and the runs' outcomes.
 */
public final class LineageGraph {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A dataset: OpenLineage namespace and name, and its lake zone when an event named it ("" if not). */
  public record Node(String namespace, String name, boolean protectedData, String zone) {
    public Node(String namespace, String name, boolean protectedData) {
      this(namespace, name, protectedData, "");
    }

    public String key() {
      return namespace + "|" + name;
    }

    /** The quarantine zone: it holds whole rejected records, so it keeps no column of the rows that passed. */
    public boolean quarantine() {
      return Zone.QUARANTINE.dirName().equals(zone);
    }
  }

  /** A column of a dataset. */
  public record Column(String namespace, String name, String field) {
    String datasetKey() {
      return namespace + "|" + name;
    }
  }

  /** "to comes from from": one input column of an output column. */
  public record Link(Column from, Column to, String job, String type, String subtype, String description,
      boolean masking) {
    public boolean direct() {
      return "DIRECT".equals(type);
    }
  }

  /** One run (the nightly run, a step, a statement) and how it ended. */
  public record RunOutcome(String job, String state, String error) {
  }

  private final String source;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final Map<String, Set<String>> schemas = new LinkedHashMap<>();
  private final Map<Column, List<Link>> upstream = new LinkedHashMap<>();
  private final Map<String, RunOutcome> outcomes = new LinkedHashMap<>();
  private String carelakeRunId = "";
  private String businessDate = "";
  private String manifest = "";

  private LineageGraph(String source) {
    this.source = source;
  }

  /** The events of a run for a business date: {@code runId}, or the latest run of that date. */
  public static LineageGraph read(Configuration conf, Path lakeRoot, LocalDate date, Optional<String> runId)
      throws IOException {
    Path dir = RunLineage.eventsDir(lakeRoot, date);
    FileSystem fs = LakeTransport.fileSystem(dir, conf);
    if (!fs.exists(dir)) {
      throw new PipelineConfigException("No lineage events for %s under %s; run `scripts/carelake nightly --date %s` "
          + "first (or pass the lake with --config / -D carelake.lake.root=...)", date, dir, date);
    }
    FileStatus[] files = fs.listStatus(dir, p -> p.getName().startsWith("run-") && p.getName().endsWith(".jsonl"));
    Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
    Path file;
    if (runId.isPresent()) {
      file = RunLineage.eventsFile(lakeRoot, date, runId.get());
      if (!fs.exists(file)) {
        throw new PipelineConfigException("No run %s on %s; runs of that date: %s", runId.get(), date,
            Arrays.stream(files).map(f -> f.getPath().getName().replaceAll("^run-|\\.jsonl$", "")).toList());
      }
    } else if (files.length == 0) {
      throw new PipelineConfigException("No lineage events under %s; run `scripts/carelake nightly --date %s` first",
          dir, date);
    } else {
      file = files[files.length - 1].getPath();
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return parse(file.toString(), lines);
  }

  public static LineageGraph parse(String source, List<String> eventLines) throws IOException {
    LineageGraph g = new LineageGraph(source);
    for (String line : eventLines) {
      g.add(JSON.readTree(line));
    }
    return g;
  }

  private void add(JsonNode event) {
    String type = event.path("eventType").asText();
    String job = event.path("job").path("name").asText();
    JsonNode carelake = event.path("run").path("facets").path(LineageEvents.RUN_FACET);
    if (LineageEvents.PARENT_JOB.equals(job)) {
      carelakeRunId = carelake.path("run_id").asText(carelakeRunId);
      businessDate = carelake.path("business_date").asText(businessDate);
      manifest = carelake.path("manifest").asText(manifest);
    }
    String runKey = event.path("run").path("runId").asText();
    JsonNode error = event.path("run").path("facets").path("errorMessage").path("message");
    if (!"START".equals(type) || !outcomes.containsKey(runKey)) {
      outcomes.put(runKey, new RunOutcome(job, type, error.isMissingNode() ? null : error.asText()));
    }
    for (JsonNode d : iterable(event.path("inputs"))) {
      node(d);
    }
    for (JsonNode d : iterable(event.path("outputs"))) {
      Node out = node(d);
      if ("START".equals(type)) {
        continue;
      }
      JsonNode fields = d.path("facets").path("columnLineage").path("fields");
      fields.fields().forEachRemaining(f -> {
        Column to = new Column(out.namespace(), out.name(), f.getKey());
        for (JsonNode in : iterable(f.getValue().path("inputFields"))) {
          Column from = new Column(in.path("namespace").asText(), in.path("name").asText(), in.path("field").asText());
          nodes.computeIfAbsent(from.datasetKey(), k -> new Node(from.namespace(), from.name(), false));
          JsonNode t = in.path("transformations").path(0);
          Link link = new Link(from, to, job, t.path("type").asText("DIRECT"), t.path("subtype").asText(""),
              t.path("description").asText(""), t.path("masking").asBoolean(false));
          List<Link> links = upstream.computeIfAbsent(to, k -> new ArrayList<>());
          if (!links.contains(link)) {
            links.add(link);
          }
        }
      });
    }
  }

  private Node node(JsonNode d) {
    String ns = d.path("namespace").asText();
    String name = d.path("name").asText();
    JsonNode classification = d.path("facets").path(LineageEvents.CLASSIFICATION_FACET);
    Node n = new Node(ns, name, classification.path("protected").asBoolean(false),
        classification.path("zone").asText(""));
    Node known = nodes.get(n.key());
    if (known != null) {
      // any event calling it protected makes it protected; the zone is named by the step that wrote it
      n = new Node(ns, name, known.protectedData() || n.protectedData(), known.zone().isEmpty() ? n.zone()
          : known.zone());
    }
    nodes.put(n.key(), n);
    for (JsonNode f : iterable(d.path("facets").path("schema").path("fields"))) {
      schemas.computeIfAbsent(n.key(), k -> new LinkedHashSet<>()).add(f.path("name").asText());
    }
    return nodes.get(n.key());
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array::elements;
  }

  public String source() {
    return source;
  }

  public String carelakeRunId() {
    return carelakeRunId;
  }

  public String businessDate() {
    return businessDate;
  }

  public String manifest() {
    return manifest;
  }

  /** The nightly run's outcome: COMPLETE, FAIL (with its reason) or START (still running or killed). */
  public RunOutcome runOutcome() {
    return outcomes.values().stream().filter(o -> o.job().equals(LineageEvents.PARENT_JOB)).reduce((a, b) -> b)
        .orElse(new RunOutcome(LineageEvents.PARENT_JOB, "UNKNOWN", null));
  }

  public List<RunOutcome> outcomes() {
    return List.copyOf(outcomes.values());
  }

  public Map<String, Node> nodes() {
    return nodes;
  }

  /** Datasets with a column link, in or out: the ones the data flows through. */
  public Set<String> flowNodes() {
    Set<String> keys = new LinkedHashSet<>();
    upstream.forEach((to, links) -> {
      keys.add(to.datasetKey());
      links.forEach(l -> keys.add(l.from().datasetKey()));
    });
    return keys;
  }

  /** Dataset edges (from key -&gt; to keys), derived from the column links. */
  public Map<String, Set<String>> datasetEdges() {
    Map<String, Set<String>> edges = new TreeMap<>();
    upstream.forEach((to, links) -> links.forEach(l ->
        edges.computeIfAbsent(l.from().datasetKey(), k -> new LinkedHashSet<>()).add(to.datasetKey())));
    return edges;
  }

  public List<Link> upstreamOf(Column column) {
    return upstream.getOrDefault(column, List.of());
  }

  /** Columns some event names for a dataset: its schema and the columns with lineage. */
  public Set<String> columns(Node node) {
    Set<String> out = new LinkedHashSet<>(schemas.getOrDefault(node.key(), Set.of()));
    upstream.keySet().stream().filter(c -> c.datasetKey().equals(node.key())).forEach(c -> out.add(c.field()));
    return out;
  }

  /** Datasets called {@code name} (in any namespace). */
  public List<Node> named(String name) {
    return nodes.values().stream().filter(n -> n.name().equals(name)).toList();
  }

  /** The input datasets' columns that reach no DIRECT link into {@code output} from {@code input}. */
  public Set<String> notPassed(Node input, Node output) {
    Set<String> passed = new LinkedHashSet<>();
    upstream.forEach((to, links) -> {
      if (to.datasetKey().equals(output.key())) {
        links.stream().filter(l -> l.direct() && l.from().datasetKey().equals(input.key()))
            .forEach(l -> passed.add(l.from().field()));
      }
    });
    Set<String> out = new LinkedHashSet<>(schemas.getOrDefault(input.key(), Set.of()));
    out.removeAll(passed);
    return out;
  }

  /** Outputs (other than {@code except}) that receive {@code column} directly: where else a column went. */
  public List<Node> receivers(Column column, Node except) {
    Set<String> keys = new LinkedHashSet<>();
    upstream.forEach((to, links) -> {
      if (!to.datasetKey().equals(except.key()) && links.stream().anyMatch(l -> l.direct() && l.from().equals(column))) {
        keys.add(to.datasetKey());
      }
    });
    return keys.stream().map(nodes::get).toList();
  }
}
