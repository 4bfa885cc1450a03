package org.carelake.pipeline.lineage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.lineage.LineageGraph.Column;
import org.carelake.pipeline.lineage.LineageGraph.Link;
import org.carelake.pipeline.lineage.LineageGraph.Node;

/**
 * The upstream path of one column, down to the source columns: each hop with the job that made
 * it and how (identity, computed, MASKED), and, where a dataset received only some of its
 * input's columns, which identifiers stayed behind (kept in the restricted zone only, or DROPPED).
 */
public final class ColumnPath {
  /** One line of the path: depth, column, the link that led here (null for the start). */
  public record Hop(int depth, Column column, Node node, Link via, List<String> notes) {
  }

  private static final String PROTECTED_DATASETS = "protected datasets";
  private static final String OTHER_DATASETS = "other datasets";

  private final List<Hop> hops = new ArrayList<>();
  private final Set<Column> sources = new LinkedHashSet<>();
  private final Set<String> datasets = new LinkedHashSet<>();
  private boolean masked;

  private ColumnPath() {
  }

  /** "db.table.column" (or any dataset name followed by .column) -&gt; its upstream path. */
  public static ColumnPath of(LineageGraph g, String qualifiedColumn) {
    int dot = qualifiedColumn.lastIndexOf('.');
    if (dot <= 0 || dot == qualifiedColumn.length() - 1) {
      throw new PipelineConfigException("--column %s is not DATASET.COLUMN; use e.g. snapshot.patient_profile.zip3",
          qualifiedColumn);
    }
    String dataset = qualifiedColumn.substring(0, dot);
    String field = qualifiedColumn.substring(dot + 1);
    List<Node> nodes = g.named(dataset);
    if (nodes.isEmpty()) {
      throw new PipelineConfigException("--column %s: no dataset %s in the run's lineage (%s); datasets with "
          + "column lineage include %s", qualifiedColumn, dataset, g.source(), g.flowNodes().stream()
          .map(k -> k.substring(k.indexOf('|') + 1)).filter(n -> n.startsWith("snapshot.") || n.startsWith("clinical."))
          .sorted().limit(12).collect(Collectors.joining(", ")));
    }
    Node node = nodes.get(0);
    if (!g.columns(node).contains(field)) {
      throw new PipelineConfigException("--column %s: %s has no column %s; its columns: %s", qualifiedColumn, dataset,
          field, String.join(", ", g.columns(node)));
    }
    ColumnPath p = new ColumnPath();
    p.walk(g, new Column(node.namespace(), node.name(), field), null, 0, new HashSet<>());
    return p;
  }

  private void walk(LineageGraph g, Column c, Link via, int depth, Set<Column> seen) {
    Node node = g.nodes().get(c.datasetKey());
    datasets.add(c.datasetKey());
    List<String> notes = new ArrayList<>();
    if (via != null && via.masking()) {
      masked = true;
    }
    List<Link> direct = g.upstreamOf(c).stream().filter(Link::direct).toList();
    long indirect = g.upstreamOf(c).size() - direct.size();
    if (indirect > 0) {
      notes.add(indirect + " more column(s) decide which rows or whether the value is kept (filters, conditions)");
    }
    // identifiers that the input held but this output did not receive
    Set<String> inputs = new LinkedHashSet<>();
    direct.forEach(l -> inputs.add(l.from().datasetKey()));
    for (String in : inputs) {
      Node input = g.nodes().get(in);
      if (input.protectedData() && !node.protectedData()) {
        notes.addAll(leftBehind(g, input, node));
      }
    }
    hops.add(new Hop(depth, c, node, via, notes));
    if (!seen.add(c)) {
      return;
    }
    if (direct.isEmpty()) {
      sources.add(c);
    }
    for (Link l : direct) {
      walk(g, l.from(), l, depth + 1, seen);
    }
  }

  /**
   * What became of the input's columns that {@code output} did not receive: kept in other zones
   * only (named: the restricted one for identifiers), or dropped. The quarantine does not count as keeping a column: it holds
   * every column, but only inside the raw record of the rows it rejected; it is noted once.
   */
  private static List<String> leftBehind(LineageGraph g, Node input, Node output) {
    Map<String, List<String>> keptIn = new TreeMap<>();
    List<String> dropped = new ArrayList<>();
    Set<String> quarantines = new TreeSet<>();
    for (String f : g.notPassed(input, output)) {
      List<Node> elsewhere = g.receivers(new Column(input.namespace(), input.name(), f), output);
      elsewhere.stream().filter(Node::quarantine).forEach(q -> quarantines.add(LineageHtml.shortName(q)));
      Set<String> zones = new TreeSet<>();
      elsewhere.stream().filter(n -> !n.quarantine()).forEach(n -> zones.add(!n.zone().isEmpty() ? n.zone()
          : n.protectedData() ? PROTECTED_DATASETS : OTHER_DATASETS));
      if (zones.isEmpty()) {
        dropped.add(f);
      } else {
        keptIn.computeIfAbsent(where(zones), k -> new ArrayList<>()).add(f);
      }
    }
    List<String> notes = new ArrayList<>();
    keptIn.forEach((where, fields) -> notes.add("NOT PASSED ON (" + where + " only): " + String.join(", ", fields)));
    if (!dropped.isEmpty()) {
      notes.add("DROPPED (written to no zone): " + String.join(", ", dropped));
    }
    if (!quarantines.isEmpty()) {
      notes.add("rejected rows only: the whole source record, every column, in " + String.join(", ", quarantines)
          + " (protected)");
    }
    return notes;
  }

  /** "restricted zone", "limited and restricted zones"; events without zones name the datasets' kind. */
  private static String where(Set<String> zones) {
    if (zones.contains(PROTECTED_DATASETS) || zones.contains(OTHER_DATASETS)) {
      return String.join(" and ", zones);
    }
    return String.join(" and ", zones) + (zones.size() == 1 ? " zone" : " zones");
  }

  public List<Hop> hops() {
    return hops;
  }

  /** The columns the path ends in (no further upstream): source database columns for a complete run. */
  public Set<Column> sources() {
    return sources;
  }

  /** Dataset keys on the path. */
  public Set<String> datasets() {
    return datasets;
  }

  /** True when a value was de-identified somewhere on the path. */
  public boolean masked() {
    return masked;
  }

  /** The path as indented text. */
  public String render() {
    StringBuilder b = new StringBuilder();
    for (Hop h : hops) {
      String indent = "  ".repeat(h.depth());
      b.append(indent).append(h.depth() == 0 ? "" : "<- ").append(label(h.node(), h.column()));
      b.append(h.node().protectedData() ? "  [PROTECTED]" : "  [general]");
      if (h.via() != null) {
        b.append("\n").append(indent).append("     ");
        b.append(h.via().masking() ? "MASKED " : "").append(h.via().subtype()).append(" by ").append(h.via().job());
        if (!h.via().description().isBlank()) {
          b.append(": ").append(h.via().description().replaceAll("\\s+", " "));
        }
      }
      for (String n : h.notes()) {
        b.append("\n").append(indent).append("     ").append(n);
      }
      b.append("\n");
    }
    return b.toString();
  }

  static String label(Node node, Column c) {
    return LineageHtml.shortName(node) + "." + c.field() + "   (" + node.namespace() + ")";
  }
}
