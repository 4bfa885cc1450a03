package org.carelake.pipeline.lineage;

import java.util.List;
import java.util.stream.Collectors;
import org.carelake.pipeline.lineage.LineageGraph.Node;

/** The text the lineage command prints when no column is asked for: the run and each snapshot column's sources. */
public final class LineageReport {
  private LineageReport() {
  }

  public static String summary(LineageGraph g) {
    StringBuilder b = new StringBuilder();
    LineageGraph.RunOutcome run = g.runOutcome();
    b.append("Lineage of run ").append(g.carelakeRunId()).append(" (business date ").append(g.businessDate())
        .append("): ").append(run.state()).append(run.error() == null ? "" : " - " + run.error()).append('\n');
    b.append("  events:   ").append(g.source()).append('\n');
    b.append("  manifest: ").append(g.manifest()).append('\n');
    List<LineageGraph.RunOutcome> outcomes = g.outcomes();
    long failed = outcomes.stream().filter(o -> "FAIL".equals(o.state())).count();
    long steps = outcomes.stream().filter(o -> !o.job().equals(LineageEvents.PARENT_JOB)).count();
    b.append("  runs:     ").append(steps).append(" steps and statements, ").append(failed).append(" failed\n");
    long protectedCount = g.flowNodes().stream().filter(k -> g.nodes().get(k).protectedData()).count();
    b.append("  datasets: ").append(protectedCount).append(" protected (PHI), ")
        .append(g.flowNodes().size() - protectedCount).append(" general (de-identified)\n\n");
    List<Node> snapshots = g.flowNodes().stream().map(k -> g.nodes().get(k))
        .filter(n -> n.name().startsWith("snapshot.") && !n.name().endsWith("_build")).toList();
    for (Node s : snapshots) {
      b.append("Source columns of ").append(s.name()).append(" (MASKED: de-identified on the way; "
          + "--column ").append(s.name()).append(".COLUMN shows the path):\n");
      for (String c : g.columns(s)) {
        ColumnPath p = ColumnPath.of(g, s.name() + "." + c);
        String sources = p.sources().stream().map(x -> {
          Node n = g.nodes().get(x.namespace() + "|" + x.name());
          return LineageHtml.shortName(n) + "." + x.field();
        }).distinct().collect(Collectors.joining(", "));
        b.append(String.format("  %-24s %-7s <- %s%n", c, p.masked() ? "MASKED" : "", sources));
      }
    }
    return b.toString();
  }
}
