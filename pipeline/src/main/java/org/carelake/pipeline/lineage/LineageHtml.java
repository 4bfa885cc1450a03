package org.carelake.pipeline.lineage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carelake.pipeline.lineage.LineageGraph.Node;

/**
 * One self-contained HTML page (inline SVG and CSS, nothing fetched) drawing a run's data flow:
 * datasets in columns by their distance from the sources, protected datasets (PHI) in red,
 * general (de-identified) ones in green, and, when a column was asked for, its path highlighted.
 */
public final class LineageHtml {
  /** Fill colours, also what the screenshot test looks for. */
  public static final String PROTECTED_FILL = "#e74c3c";
  public static final String GENERAL_FILL = "#27ae60";
  /** Edge strokes (opaque, used for nothing else), also what the screenshot test looks for. */
  public static final String EDGE_STROKE = "#7f8c8d";
  public static final String HOT_EDGE_STROKE = "#f39c12";
  private static final int BOX_W = 290;
  /** Characters of a label that fit a box (12 px monospace). */
  private static final int LABEL_CHARS = 38;
  private static final int BOX_H = 22;
  private static final int GAP_Y = 6;
  private static final int COL_W = 350;
  private static final int TOP = 70;

  private LineageHtml() {
  }

  public static String render(LineageGraph g, Optional<ColumnPath> path, Optional<String> column) {
    Set<String> flow = g.flowNodes();
    Map<String, java.util.Set<String>> edges = g.datasetEdges();
    Map<String, Integer> rank = ranks(flow, edges);
    Map<Integer, List<String>> columns = new java.util.TreeMap<>();
    flow.forEach(k -> columns.computeIfAbsent(rank.get(k), r -> new ArrayList<>()).add(k));
    columns.values().forEach(l -> l.sort(Comparator.comparing((String k) -> !g.nodes().get(k).protectedData())
        .thenComparing(k -> shortName(g.nodes().get(k)))));
    Map<String, int[]> pos = new HashMap<>();
    int maxRows = 0;
    for (Map.Entry<Integer, List<String>> e : columns.entrySet()) {
      int y = TOP;
      for (String k : e.getValue()) {
        pos.put(k, new int[] {20 + e.getKey() * COL_W, y});
        y += BOX_H + GAP_Y;
      }
      maxRows = Math.max(maxRows, e.getValue().size());
    }
    int width = 40 + columns.size() * COL_W;
    int height = TOP + maxRows * (BOX_H + GAP_Y) + 30;
    Set<String> onPath = path.map(ColumnPath::datasets).orElse(Set.of());

    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"data flow\">%n", width, height, width, height));
    String[] stages = {"sources", "staging", "zones", "Hive tables", "snapshot build", "snapshot", "", ""};
    for (Integer c : columns.keySet()) {
      svg.append(String.format(Locale.ROOT, "<text class=\"stage\" x=\"%d\" y=\"%d\">%s</text>%n", 20 + c * COL_W,
          TOP - 14, c < stages.length ? stages[c] : ""));
    }
    // the column's path last, over the other edges
    StringBuilder hotEdges = new StringBuilder();
    edges.forEach((from, tos) -> tos.forEach(to -> {
      int[] a = pos.get(from);
      int[] b = pos.get(to);
      if (a == null || b == null) {
        return;
      }
      double x1 = a[0] + BOX_W;
      double y1 = a[1] + BOX_H / 2.0;
      double x2 = b[0];
      double y2 = b[1] + BOX_H / 2.0;
      boolean hot = onPath.contains(from) && onPath.contains(to);
      (hot ? hotEdges : svg).append(String.format(Locale.ROOT,
          "<path class=\"edge%s\" d=\"M%.0f,%.0f C%.0f,%.0f %.0f,%.0f %.0f,%.0f\"/>%n",
          hot ? " hot" : "", x1, y1, (x1 + x2) / 2, y1, (x1 + x2) / 2, y2, x2, y2));
    }));
    svg.append(hotEdges);
    for (String k : flow) {
      Node n = g.nodes().get(k);
      int[] p = pos.get(k);
      String cls = (n.protectedData() ? "protected" : "general") + (onPath.contains(k) ? " hot" : "");
      svg.append(String.format(Locale.ROOT, "<g class=\"ds %s\"><title>%s | %s (%s)%s</title>"
          + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\"/>"
          + "<text x=\"%d\" y=\"%d\">%s</text></g>%n", cls, esc(n.namespace()), esc(n.name()),
          n.protectedData() ? "protected: PHI" : "general: de-identified",
          esc(columnsText(g, n)), p[0], p[1], BOX_W, BOX_H, p[0] + 6, p[1] + 15, esc(fit(shortName(n)))));
    }
    svg.append("</svg>\n");

    LineageGraph.RunOutcome run = g.runOutcome();
    long protectedCount = flow.stream().filter(k -> g.nodes().get(k).protectedData()).count();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    html.append("<title>CareLake lineage ").append(esc(g.businessDate())).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:16px;color:#222;background:#fff}\n")
        .append(".legend span{display:inline-block;padding:2px 10px;margin-right:12px;border-radius:4px;color:#fff}\n")
        .append(".ds rect{stroke-width:1.5}\n")
        .append(".ds.protected rect{fill:").append(PROTECTED_FILL).append(";stroke:#922b21}\n")
        .append(".ds.general rect{fill:").append(GENERAL_FILL).append(";stroke:#1d6b40}\n")
        .append(".ds text{font-size:12px;fill:#fff;font-family:monospace}\n")
        .append(".ds.hot rect{stroke:#f1c40f;stroke-width:4}\n")
        .append(".edge{fill:none;stroke:").append(EDGE_STROKE).append(";stroke-width:2}\n")
        .append(".edge.hot{stroke:").append(HOT_EDGE_STROKE).append(";stroke-width:4}\n")
        .append(".stage{font-size:14px;font-weight:bold;fill:#555}\n")
        .append("pre{background:#f4f6f7;padding:10px;overflow:auto}\n")
        .append("pre .masked{color:#b9770e}pre .dropped{color:#fff;background:#555;padding:0 3px}")
        .append("pre .protected{color:").append(PROTECTED_FILL).append("}\n</style></head><body>\n");
    html.append("<h1>CareLake data flow, business date ").append(esc(g.businessDate())).append("</h1>\n");
    html.append("<p>Run ").append(esc(g.carelakeRunId())).append(": <b>").append(esc(run.state())).append("</b>");
    if (run.error() != null) {
      html.append(" &mdash; ").append(esc(run.error()));
    }
    html.append("<br>Manifest: <code>").append(esc(g.manifest())).append("</code><br>Events: <code>")
        .append(esc(g.source())).append("</code></p>\n");
    html.append("<p class=\"legend\"><span style=\"background:").append(PROTECTED_FILL).append("\">protected (PHI): ")
        .append(protectedCount).append("</span><span style=\"background:").append(GENERAL_FILL)
        .append("\">general (de-identified): ").append(flow.size() - protectedCount).append("</span></p>\n");
    column.ifPresent(c -> html.append("<h2>Upstream of ").append(esc(c)).append("</h2>\n<pre>")
        .append(marked(esc(path.map(ColumnPath::render).orElse("")))).append("</pre>\n"));
    html.append(svg);
    html.append("</body></html>\n");
    return html.toString();
  }

  /** The path's marks stand out: where a value was MASKED, identifiers DROPPED or kept back in protected zones. */
  static String marked(String escapedPath) {
    return escapedPath.replace("MASKED ", "<b class=\"masked\">MASKED</b> ")
        .replace("DROPPED ", "<b class=\"dropped\">DROPPED</b> ")
        .replace("NOT PASSED ON ", "<b class=\"protected\">NOT PASSED ON</b> ");
  }

  /** Longest distance from a source, over the dataset edges. */
  private static Map<String, Integer> ranks(Set<String> nodes, Map<String, java.util.Set<String>> edges) {
    Map<String, Integer> rank = new LinkedHashMap<>();
    nodes.forEach(n -> rank.put(n, 0));
    for (int i = 0; i < nodes.size(); i++) {
      boolean changed = false;
      for (Map.Entry<String, java.util.Set<String>> e : edges.entrySet()) {
        for (String to : e.getValue()) {
          int r = rank.getOrDefault(e.getKey(), 0) + 1;
          if (rank.getOrDefault(to, 0) < r) {
            rank.put(to, r);
            changed = true;
          }
        }
      }
      if (!changed) {
        break;
      }
    }
    return rank;
  }

  /** A readable name: the lake-relative path for files, db.table for Hive, the table for JDBC. */
  public static String shortName(Node n) {
    String name = n.name();
    for (String zone : new String[] {"/staging/", "/general/", "/limited/", "/restricted/", "/quarantine/",
        "/snapshot/", "/_manifests/"}) {
      int i = name.indexOf(zone);
      if (i >= 0) {
        return name.substring(i + 1);
      }
    }
    if (n.namespace().startsWith("postgres:") || n.namespace().startsWith("mysql:") || n.namespace().startsWith("h2:")) {
      return name + " (" + n.namespace().substring(0, n.namespace().indexOf(':')) + ")";
    }
    return name;
  }

  /** The end of a long label (the table name matters more than the database's). */
  private static String fit(String label) {
    return label.length() <= LABEL_CHARS ? label : "\u2026" + label.substring(label.length() - LABEL_CHARS + 1);
  }

  private static String columnsText(LineageGraph g, Node n) {
    Set<String> cols = g.columns(n);
    return cols.isEmpty() ? "" : "\ncolumns: " + String.join(", ", cols);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
