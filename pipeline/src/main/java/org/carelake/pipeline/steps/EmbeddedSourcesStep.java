package org.carelake.pipeline.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.config.SourceConnection;
import org.carelake.pipeline.lineage.DatasetNames;
import org.carelake.pipeline.process.SyntheaGenerator;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepResult;
import org.carelake.sources.LoadReport;
import org.carelake.sources.SyntheaCsvLoader;

/**
 * Embedded defaults only: when the H2 source databases do not exist yet, generates a Synthea
 * population (deterministic by seed and reference date) and loads it as rows modified on the
 * business date, so the first nightly run has a day of changes to import.
 */
public final class EmbeddedSourcesStep implements Step {
  public static final int DEFAULT_PATIENTS = 25;
  public static final long DEFAULT_SEED = 42;

  private final Path sourcesDir;
  private final Map<String, SourceConnection> connections;
  private final ZoneId facilityZone;

  public EmbeddedSourcesStep(Path sourcesDir, Map<String, SourceConnection> connections, ZoneId facilityZone) {
    this.sourcesDir = sourcesDir;
    this.connections = connections;
    this.facilityZone = facilityZone;
  }

  /** True when the H2 files of every source exist already. */
  public static boolean present(Path sourcesDir, DataCatalog catalog) {
    return catalog.sources().keySet().stream().allMatch(s -> Files.exists(sourcesDir.resolve(s + ".mv.db")));
  }

  @Override
  public String name() {
    return "create embedded source databases";
  }

  @Override
  public String kind() {
    return "sources";
  }

  @Override
  public List<Dataset> inputs() {
    return List.of(new Dataset("synthea", "generated population", true));
  }

  @Override
  public List<Dataset> outputs() {
    List<Dataset> out = new ArrayList<>();
    connections.values().forEach(c -> out.add(DatasetNames.jdbcDatabase(c.jdbcUrl(), true)));
    return out;
  }

  @Override
  public StepResult run(RunContext ctx) throws Exception {
    LocalDate day = ctx.businessDate();
    Path csv = sourcesDir.resolve("synthea-csv");
    ctx.progress().info("       generating %d Synthea patients (seed %d, reference date %s) into %s",
        DEFAULT_PATIENTS, DEFAULT_SEED, day, csv);
    new SyntheaGenerator(ctx.home()).generate(csv, DEFAULT_PATIENTS, DEFAULT_SEED, day,
        ctx.logDir().resolve("synthea.log"));
    SyntheaCsvLoader.Builder loader = SyntheaCsvLoader.builder()
        .csvDirectory(csv)
        .catalog(ctx.catalog())
        .modifiedOn(day)
        .facilityZone(facilityZone)
        .replaceTables(true);
    for (SourceConnection c : connections.values()) {
      loader.database(c.source(), c.jdbcUrl(), c.user().orElse("sa"), "");
    }
    LoadReport report = loader.build().load();
    StepResult result = new StepResult().count("rows_loaded", report.totalRows());
    report.tables().forEach(t -> result.count("rows_loaded." + t.table(), t.rows()));
    return result;
  }
}
