package org.carelake.pipeline.lineage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.Progress;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepResult;
import org.carelake.pipeline.run.StepRunner;
import org.carelake.split.output.Zone;

/**
 * A run of real steps on a local lake, observed by {@link RunLineage}: an import and a split of
 * ehr.patients that write their outputs and report what the pipeline's steps report (counts and
 * the catalog's column lineage), the registration of the Hive tables, a snapshot statement with
 * Hive-style lineage, and optionally a step that fails.
 */
final class LineageTestRun {
  static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  static final String HIVE = "hive://embedded-metastore";

  final Path root;
  final DataCatalog catalog;
  final Lake lake;
  final Configuration conf;
  final String runId = "20261121T020000Z-abcd";
  RunLineage lineage;
  StepRunner runner;
  /** Adds a Hive script whose second statement fails after the first succeeded. */
  boolean failingStatement;
  /** Ends the run as NightlyRun does when this is thrown outside the steps. */
  Throwable stoppedBy;

  LineageTestRun(Path root, Configuration conf) throws Exception {
    this.root = root;
    CareLakeHome home = CareLakeHome.of(Path.of(System.getProperty("carelake.home")));
    this.catalog = DataCatalog.load(home.catalogFile());
    this.lake = new Lake(new org.apache.hadoop.fs.Path(root.resolve("lake").toUri()));
    this.conf = conf;
  }

  /** Runs the steps; {@code failing} adds a last step that throws. */
  LineageTestRun run(boolean failing) throws Exception {
    observed(() -> {
      TableSpec patients = catalog.table("patients");
      Dataset source = DatasetNames.jdbcTable("jdbc:postgresql://127.0.0.1:5432/ehr?password=x", "patients", true);
      Dataset staged = DatasetNames.path(lake.staging("ehr", "patients", DAY), true);
      Dataset general = DatasetNames.path(lake.partition(Lake.GENERAL, "patients", DAY), false);
      Dataset restricted = DatasetNames.path(lake.partition(Lake.RESTRICTED, "patients", DAY), true);
      Dataset quarantine = DatasetNames.path(lake.partition(Lake.QUARANTINE, "patients", DAY), true);
      Dataset clinical = DatasetNames.hiveTable(HIVE, "clinical.patients", false);
      Dataset profile = DatasetNames.hiveTable(HIVE, "snapshot.patient_profile", false);

      runner.run(new FileStep("import ehr.patients", "sqoop-import", List.of(source), List.of(staged), r -> {
        r.count("source_rows", 3).count("staged_rows", 3);
        CatalogLineage.importTable(r.lineage(), patients, source, staged);
        r.lineage().rows(staged, 3);
      }));
      runner.run(new FileStep("split patients", "phi-split", List.of(staged), List.of(general, restricted, quarantine),
          r -> {
            r.count("rows_read", 3).count("general_rows", 2).count("quarantined_rows", 1).fact("hadoop_job_id", "job_local1_0001");
            CatalogLineage.split(r.lineage(), catalog, patients, staged,
                Map.of(Zone.GENERAL, general, Zone.RESTRICTED, restricted, Zone.QUARANTINE, quarantine));
            r.lineage().rows(general, 2).rows(restricted, 2).rows(quarantine, 1);
          }));
      runner.run(new FileStep("hive partitions/add_partitions.hql", "hive", List.of(general), List.of(clinical), r ->
          CatalogLineage.hiveTable(r.lineage(), patients.generalColumns(), general, clinical)));
      runner.run(new FileStep("hive snapshot/patient_profile.hql", "hive", List.of(clinical), List.of(profile), r -> {
        LineageFacets.Builder statement = LineageFacets.builder().user("etl");
        statement.column(profile, "zip3", new LineageFacets.ColumnInput(clinical, "zip3",
            LineageFacets.Transformation.identity("Hive: copied")));
        statement.column(profile, "patient_token", new LineageFacets.ColumnInput(clinical, "id",
            LineageFacets.Transformation.identity("Hive: copied")));
        statement.column(profile, "age_band", new LineageFacets.ColumnInput(clinical, "birthdate_year",
            LineageFacets.Transformation.computed("CASE WHEN ... END")));
        r.lineage().user("etl").subRun(new LineageFacets.SubRun("statement-1", org.carelake.pipeline.run.StepStatus.SUCCEEDED,
            Instant.now(), Instant.now(), List.of(clinical), List.of(profile),
            java.util.Map.of("hive_query_id", "etl_q1", "sql", "INSERT OVERWRITE TABLE snapshot.patient_profile ..."),
            statement.build(), Optional.empty()));
      }));
      if (failingStatement) {
        runner.run(new FileStep("hive ddl/broken.hql", "hive", List.of(), List.of(clinical), r -> {
          r.lineage().subRun(new LineageFacets.SubRun("statement-1", org.carelake.pipeline.run.StepStatus.SUCCEEDED,
              Instant.now(), Instant.now(), List.of(), List.of(clinical), java.util.Map.of(), LineageFacets.EMPTY,
              Optional.empty()));
          r.lineage().subRun(new LineageFacets.SubRun("statement-2", org.carelake.pipeline.run.StepStatus.FAILED,
              Instant.now(), Instant.now(), List.of(), List.of(clinical), java.util.Map.of(), LineageFacets.EMPTY,
              Optional.of("broken.hql:3 failed (statement 2: ALTER TABLE ...) with SQLState 42000")));
          r.count("statements", 1);
          throw new org.carelake.pipeline.run.StepFailedException("broken.hql:3 failed", r, new IllegalStateException());
        }));
      }
      if (failing) {
        runner.run(new FileStep("reconcile", "reconcile", List.of(general), List.of(), r -> {
          throw new IllegalStateException("the counts do not reconcile: patients (3 read but 2 + 0 written)");
        }));
      }
      if (stoppedBy != null) {
        lineage.runStopped(Instant.now(), runner.records(), stoppedBy);
      } else {
        lineage.runEnded(Instant.now(), runner.records(), Optional.empty());
      }
    });
    return this;
  }

  /**
   * A run that imports and splits every table of the catalog, each into the zones the real split
   * writes (the limited one too when the catalog has that target), reporting the catalog's lineage.
   */
  LineageTestRun splitEveryTable() throws Exception {
    observed(() -> {
      for (TableSpec t : catalog.tables()) {
        String url = t.source().equals("ehr") ? "jdbc:postgresql://127.0.0.1:5432/ehr" : "jdbc:mariadb://127.0.0.1:3306/billing";
        Dataset source = DatasetNames.jdbcTable(url, t.name(), true);
        Dataset staged = DatasetNames.path(lake.staging(t.source(), t.name(), DAY), true);
        Map<Zone, Dataset> zones = new EnumMap<>(Zone.class);
        for (Zone z : Zone.values()) {
          if (z.appliesTo(catalog, t)) {
            zones.put(z, DatasetNames.path(lake.partition(z.dirName(), t.name(), DAY), z != Zone.GENERAL));
          }
        }
        runner.run(new FileStep("import " + t, "sqoop-import", List.of(source), List.of(staged),
            r -> CatalogLineage.importTable(r.lineage(), t, source, staged)));
        runner.run(new FileStep("split " + t.name(), "phi-split", List.of(staged), List.copyOf(zones.values()),
            r -> CatalogLineage.split(r.lineage(), catalog, t, staged, zones)));
      }
      lineage.runEnded(Instant.now(), runner.records(), Optional.empty());
    });
    return this;
  }

  interface Steps {
    void run() throws Exception;
  }

  /** Opens the run's lineage, starts it and lets {@code steps} run (and end it) on a StepRunner it observes. */
  private void observed(Steps steps) throws Exception {
    CareLakeHome home = CareLakeHome.of(Path.of(System.getProperty("carelake.home")));
    org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(lake.manifests(DAY), "run-" + runId + ".json");
    lineage = RunLineage.open(conf, lake.root(), runId, DAY, ZoneId.of("America/New_York"), manifest);
    Path scratch = Files.createDirectories(root.resolve("scratch"));
    try (RunContext ctx = new RunContext(runId, DAY, conf, home, catalog, lake, scratch, scratch, new Progress(
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))) {
      lineage.runStarted(Instant.now());
      ctx.addObserver(lineage);
      runner = new StepRunner(ctx);
      steps.run();
    } finally {
      lineage.close();
    }
  }

  List<String> eventLines() throws Exception {
    return Files.readAllLines(Path.of(lineage.eventsFile().toUri()));
  }

  interface Work {
    void accept(StepResult r) throws Exception;
  }

  /** A step that writes a marker file into each output directory and reports what {@code work} adds. */
  static final class FileStep implements Step {
    private final String name;
    private final String kind;
    private final List<Dataset> inputs;
    private final List<Dataset> outputs;
    private final Work work;

    FileStep(String name, String kind, List<Dataset> inputs, List<Dataset> outputs, Work work) {
      this.name = name;
      this.kind = kind;
      this.inputs = inputs;
      this.outputs = outputs;
      this.work = work;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public List<Dataset> inputs() {
      return inputs;
    }

    @Override
    public List<Dataset> outputs() {
      return outputs;
    }

    @Override
    public StepResult run(RunContext ctx) throws Exception {
      for (Dataset d : outputs) {
        if (d.namespace().equals("file")) {
          Files.createDirectories(Path.of(d.name()));
          Files.writeString(Path.of(d.name(), "_SUCCESS"), "");
        }
      }
      StepResult r = new StepResult();
      work.accept(r);
      return r;
    }
  }
}
