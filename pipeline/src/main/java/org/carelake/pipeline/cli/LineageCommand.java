package org.carelake.pipeline.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.lineage.ColumnPath;
import org.carelake.pipeline.lineage.LineageGraph;
import org.carelake.pipeline.lineage.LineageHtml;
import org.carelake.pipeline.lineage.LineageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = {
        "Shows where data came from, from the OpenLineage events a nightly run wrote under the lake",
        "(<lake>/_lineage/dt=D/run-<id>.jsonl). Without --column: the run's outcome and the source columns of",
        "every snapshot column. With --column: that column's upstream path down to the source columns, marking",
        "where identifiers were tokenized or otherwise masked, and which ones stayed behind (restricted zone only",
        "or dropped). --html writes one self-contained page drawing the flow (protected datasets red, general green)."})
final class LineageCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Business date (default: yesterday in the facility time zone).")
  String date;

  @Option(names = "--run", paramLabel = "RUN_ID", description = "A run of that date (default: the latest).")
  String run;

  @Option(names = "--column", paramLabel = "DATASET.COLUMN",
      description = "A column to trace, e.g. snapshot.patient_profile.zip3.")
  String column;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the graph as a self-contained HTML page.")
  Path html;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    LocalDate day = NightlyCommand.parseDate(date,
        LocalDate.now(PipelineConf.getFacilityTimeZone(settings.conf())).minusDays(1));
    LineageGraph graph = LineageGraph.read(settings.conf(), settings.lakeRoot(), day, Optional.ofNullable(run));
    Optional<ColumnPath> path = Optional.ofNullable(column).map(c -> ColumnPath.of(graph, c));
    if (path.isPresent()) {
      System.out.println("Upstream of " + column + " (run " + graph.carelakeRunId() + ", " + graph.runOutcome().state()
          + "):");
      System.out.print(path.get().render());
      System.out.println(path.get().masked()
          ? "Identifiers on this path were de-identified (MASKED) before reaching the general zone."
          : "No masking on this path: the value is copied or computed from non-identifying columns.");
    } else {
      System.out.print(LineageReport.summary(graph));
    }
    if (html != null) {
      Path file = html.toAbsolutePath();
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, LineageHtml.render(graph, path, Optional.ofNullable(column)), StandardCharsets.UTF_8);
      System.out.println("Wrote " + file);
    }
    return 0;
  }
}
