package org.carelake.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import java.util.Optional;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.config.SourceConnection;
import org.carelake.pipeline.lake.DayDoneFlag;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.lineage.CatalogLineage;
import org.carelake.pipeline.lineage.DatasetNames;
import org.carelake.pipeline.lineage.HiveStatementRuns;
import org.carelake.pipeline.lineage.RunLineage;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.Progress;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.StepRunner;
import org.carelake.pipeline.run.SummaryTable;
import org.carelake.pipeline.run.TableReconciliation;
import org.carelake.pipeline.steps.EmbeddedSourceHold;
import org.carelake.pipeline.steps.EmbeddedSourcesStep;
import org.carelake.pipeline.steps.HiveScriptStep;
import org.carelake.pipeline.steps.HiveSession;
import org.carelake.pipeline.steps.ImportWindow;
import org.carelake.pipeline.steps.PhiSplitStep;
import org.carelake.pipeline.steps.ReconcileStep;
import org.carelake.pipeline.steps.SqoopImportStep;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.steps.StagingCheckStep;
import org.carelake.split.crypto.LocalKeyStores;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;

/**
 * The nightly flow for one business date: import every source table's window with Sqoop, split
 * PHI with the MapReduce job, register the partitions in Hive and build the snapshots, then
 * reconcile the counts and write the manifest. Exit status: 0 reconciled, 1 a step failed,
 * 2 the counts do not reconcile.
 */
public final class NightlyRun {
  public static final int EXIT_OK = 0;
  public static final int EXIT_STEP_FAILED = 1;
  public static final int EXIT_NOT_RECONCILED = 2;

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Settings settings;
  private final LocalDate businessDate;
  private final PrintStream out;
  private Path manifestFile;
  private List<TableReconciliation> reconciliation = List.of();
  private List<String> onlyTables = List.of();

  public NightlyRun(Settings settings, LocalDate businessDate, PrintStream out) {
    this.settings = settings;
    this.businessDate = businessDate;
    this.out = out;
  }

  /**
   * Runs only these catalog tables (a DBA backfill with --tables); the Hive steps and the snapshot
   * still run. A partial run keeps a complete day complete but never makes an incomplete one so.
   */
  public NightlyRun onlyTables(List<String> tables) {
    tables.forEach(t -> settings.catalog().table(t));
    this.onlyTables = List.copyOf(tables);
    return this;
  }

  private List<TableSpec> selectedTables() {
    return settings.catalog().tables().stream().filter(t -> onlyTables.isEmpty() || onlyTables.contains(t.name()))
        .toList();
  }

  public int run() throws Exception {
    Instant started = Instant.now();
    String runId = RUN_ID.format(started) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    Progress progress = new Progress(out);
    Configuration conf = localRunnerConf(settings.conf());
    Lake lake = new Lake(settings.lakeRoot());
    org.apache.hadoop.fs.Path manifestDir = lake.manifests(businessDate);
    // first: a wrong lineage setting (endpoint URL, API key file) stops the run before anything is made
    RunLineage lineage = RunLineage.open(conf, lake.root(), runId, businessDate, PipelineConf.getFacilityTimeZone(conf),
        ReconcileStep.manifestFile(manifestDir, runId));
    Path scratch = privateDir(settings.workDir().scratchDir().resolve(runId));
    Path logDir = Files.createDirectories(settings.workDir().logsDir().resolve("runs").resolve(runId));
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    progress.info("CareLake nightly run %s for business date %s", runId, businessDate);
    progress.info("       lake %s, logs %s", lake.root(), logDir);

    List<String> tables = selectedTables().stream().map(TableSpec::name).toList();
    DayDoneFlag doneFlag = new DayDoneFlag(conf, lake);
    boolean wasComplete = doneFlag.clear(businessDate);
    Map<String, String> windows = new LinkedHashMap<>();
    StepRunner runner = null;
    boolean lineageEnded = false;
    try (RunContext ctx = new RunContext(runId, businessDate, conf, settings.home(), settings.catalog(), lake, scratch,
        logDir, progress)) {
      lineage.runStarted(started);
      ctx.addObserver(lineage);
      runner = new StepRunner(ctx);
      if (settings.localKeyStore()) {
        TokenKeys.createLocalKeyStore(conf, settings.workDir().keyStore());
      }
      if (settings.localKmsKeyStore()) {
        LocalKeyStores.createKmsKeyStore(conf, settings.workDir().kmsKeyStore(), List.of(Zone.values()));
      }
      Map<String, SourceConnection> connections = new LinkedHashMap<>();
      settings.catalog().sources().keySet().forEach(s -> connections.put(s, settings.source(s)));
      if (settings.embeddedSources() && !EmbeddedSourcesStep.present(settings.workDir().sourcesDir(), settings.catalog())) {
        runner.run(new EmbeddedSourcesStep(settings.workDir().sourcesDir(), connections,
            PipelineConf.getFacilityTimeZone(conf)));
      }

      if (settings.embeddedSources() && !runner.failed()) {
        ctx.resource(EmbeddedSourceHold.class, () -> new EmbeddedSourceHold(connections.values()));
      }
      List<SqoopImportStep> imports = new ArrayList<>();
      List<PhiSplitStep> splits = new ArrayList<>();
      boolean limited = settings.catalog().target(DataCatalog.LIMITED_TARGET).isPresent();
      for (TableSpec table : selectedTables()) {
        ImportWindow window = ImportWindow.of(table, businessDate);
        windows.put(table.name(), window.toString());
        Dataset staged = DatasetNames.path(lake.staging(table.source(), table.name(), businessDate), true);
        imports.add(new SqoopImportStep(table, connections.get(table.source()), window, staged,
            PipelineConf.getImportMappers(conf)));
        splits.add(new PhiSplitStep(table, lake, businessDate, PipelineConf.getQuarantineThreshold(conf, table),
            limited));
      }
      if (!runner.failed()) {
        runner.runAll(imports, PipelineConf.getImportParallelism(conf));
      }
      if (!runner.failed()) {
        runner.run(new StagingCheckStep(selectedTables(), lake, businessDate));
      }
      if (!runner.failed()) {
        runner.runAll(splits, 1);
      }
      if (!runner.failed()) {
        runner.runAll(hiveSteps(lake), 1);
      }
      boolean stepsFailed = runner.failed();
      List<Dataset> counted = Stream.concat(imports.stream().flatMap(i -> i.outputs().stream()),
          splits.stream().flatMap(i -> i.outputs().stream())).toList();
      StepRunner recorded = runner;
      ReconcileStep reconcile = new ReconcileStep(settings.catalog(), tables, windows, recorded::records, stepsFailed,
          started, settings.describe(), manifestDir, runId, counted);
      runner.runFinal(reconcile);
      reconciliation = reconcile.reconciliation();
      boolean reconciled = !reconciliation.isEmpty() && reconciliation.stream().allMatch(TableReconciliation::reconciled);
      org.apache.hadoop.fs.Path written = reconcile.written();
      manifestFile = written == null ? null : Path.of(written.toUri());
      lineage.runEnded(Instant.now(), runner.records(), Optional.empty());
      lineageEnded = true;

      out.println();
      SummaryTable.print(out, reconciliation);
      out.println();
      out.println("Manifest: " + (written == null ? "NOT WRITTEN (see the reconcile step above)" : written));
      out.println("Lineage:  " + lineage.eventsFile() + "  (scripts/carelake lineage --date " + businessDate + ")");
      lineage.problems().forEach(p -> out.println("WARNING: " + p));
      if (stepsFailed || written == null) {
        runner.records().stream().filter(r -> r.error().isPresent()).findFirst().ifPresent(r ->
            out.println("Run FAILED at step '" + r.name() + "': " + r.error().get()));
        out.println("Details: " + logDir + " and " + System.getProperty("carelake.log.dir", "the log directory")
            + "/carelake.log");
        return EXIT_STEP_FAILED;
      }
      if (!reconciled) {
        reconciliation.stream().filter(t -> !t.reconciled()).forEach(t ->
            out.println("Table " + t.table() + " does NOT reconcile: " + String.join("; ", t.problems())));
        return EXIT_NOT_RECONCILED;
      }
      if (onlyTables.isEmpty() || wasComplete) {
        doneFlag.markComplete(businessDate);
      }
      out.println("Run " + runId + " reconciled: every row read was written or quarantined.");
      return EXIT_OK;
    } catch (Exception | Error e) {
      if (!lineageEnded) {
        lineage.runStopped(Instant.now(), runner == null ? List.of() : runner.records(), e);
        lineageEnded = true;
      }
      throw e;
    } finally {
      lineage.close();
      deleteQuietly(scratch);
      try {
        org.apache.hadoop.fs.Path work = lake.runWork(runId);
        work.getFileSystem(conf).delete(work, true);
      } catch (IOException e) {
        progress.info("could not delete the run's work directory: %s", e.getMessage());
      }
    }
  }

  private List<HiveScriptStep> hiveSteps(Lake lake) {
    Map<String, String> vars = new HashMap<>();
    vars.put(HqlFiles.DT, businessDate.toString());
    vars.put(HqlFiles.GENERAL_ROOT, lake.zone(Lake.GENERAL).toString());
    vars.put(HqlFiles.LIMITED_ROOT, lake.zone(Lake.LIMITED).toString());
    vars.put(HqlFiles.RESTRICTED_ROOT, lake.zone(Lake.RESTRICTED).toString());
    vars.put(HqlFiles.QUARANTINE_ROOT, lake.zone(Lake.QUARANTINE).toString());
    vars.put(HqlFiles.SNAPSHOT_ROOT, lake.zone(Lake.SNAPSHOT).toString());
    vars.put(HqlFiles.ENTITLEMENTS_ROOT, settings.hiveServer().entitlementsRoot());
    String hive = DatasetNames.hiveNamespace(PipelineConf.getHiveMetastoreUri(settings.conf()).orElse(null));
    // the limited data set keeps real dates: PHI like the others
    List<String> protectedZones = Stream.of(Lake.STAGING, Lake.LIMITED, Lake.RESTRICTED, Lake.QUARANTINE)
        .map(z -> lake.zone(z).toUri().getPath()).toList();
    HiveStatementRuns statements = new HiveStatementRuns(hive, uri -> protectedZones.stream()
        .anyMatch(z -> new org.apache.hadoop.fs.Path(uri).toUri().getPath().startsWith(z)));
    List<Dataset> clinical = new ArrayList<>();
    List<Dataset> limited = new ArrayList<>();
    List<Dataset> restricted = new ArrayList<>();
    List<Dataset> zones = new ArrayList<>();
    LineageFacets.Builder registered = LineageFacets.builder();
    for (TableSpec t : settings.catalog().tables()) {
      Dataset general = DatasetNames.path(lake.partition(Lake.GENERAL, t.name(), businessDate), false);
      Dataset clinicalTable = DatasetNames.hiveTable(hive, HqlFiles.generalTable(t.name()), false);
      clinical.add(clinicalTable);
      if (settings.catalog().target(DataCatalog.LIMITED_TARGET).isPresent()) {
        limited.add(DatasetNames.hiveTable(hive, HqlFiles.LIMITED_DB + "." + t.name(), true));
      }
      zones.add(general);
      CatalogLineage.hiveTable(registered, t.generalColumns(), general, clinicalTable);
      if (t.hasRestrictedZone()) {
        Dataset zone = DatasetNames.path(lake.partition(Lake.RESTRICTED, t.name(), businessDate), true);
        Dataset table = DatasetNames.hiveTable(hive, HqlFiles.restrictedTable(t.name()), true);
        restricted.add(table);
        zones.add(zone);
        CatalogLineage.hiveTable(registered, t.restrictedColumns(), zone, table);
      }
      Dataset quarantineZone = DatasetNames.path(lake.partition(Lake.QUARANTINE, t.name(), businessDate), true);
      Dataset quarantineTable = DatasetNames.hiveTable(hive, HqlFiles.quarantineTable(t.name()), true);
      restricted.add(quarantineTable);
      zones.add(quarantineZone);
      CatalogLineage.hiveTable(registered, QUARANTINE_COLUMNS, quarantineZone, quarantineTable);
    }
    java.util.function.Function<RunContext, HiveSession> session =
        ctx -> HiveSession.of(ctx, settings.hiveBaseDir(), settings.hiveCryptoSettings());
    List<Dataset> databases = List.of(DatasetNames.hiveTable(hive, HqlFiles.CLINICAL_DB, false),
        DatasetNames.hiveTable(hive, HqlFiles.LIMITED_DB, true),
        DatasetNames.hiveTable(hive, HqlFiles.PHI_RESTRICTED_DB, true),
        DatasetNames.hiveTable(hive, HqlFiles.SNAPSHOT_DB, false));
    List<Dataset> partitions = Stream.concat(Stream.concat(clinical.stream(), limited.stream()), restricted.stream())
        .toList();
    List<Dataset> references = Stream.of("condition_code_map", "lab_reference_range")
        .map(t -> DatasetNames.hiveTable(hive, HqlFiles.SNAPSHOT_DB + "." + t, false)).toList();
    List<Dataset> profileInputs = Stream.concat(Stream.of("patients", "encounters", "conditions", "observations",
        "devices", "claims", "claims_transactions").map(t -> DatasetNames.hiveTable(hive, HqlFiles.generalTable(t), false)),
        references.stream()).toList();
    Dataset profile = DatasetNames.hiveTable(hive, HqlFiles.SNAPSHOT_DB + ".patient_profile", false);
    List<Dataset> billingInputs = Stream.concat(Stream.of("encounters", "conditions", "claims", "claims_transactions")
        .map(t -> DatasetNames.hiveTable(hive, HqlFiles.generalTable(t), false)), Stream.of(profile, references.get(0)))
        .toList();
    return List.of(
        new HiveScriptStep(HqlFiles.DATABASES, vars, List.of(), databases, session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.ENTITLEMENTS, vars, List.of(),
            List.of(DatasetNames.hiveTable(hive, HqlFiles.ENTITLEMENTS_DB + ".analyst_organizations", false)), session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.CLINICAL_TABLES, vars, List.of(), clinical, session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.CLINICAL_LIMITED_TABLES, vars, List.of(), limited, session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.PHI_RESTRICTED_TABLES, vars, List.of(), restricted, session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.ADD_PARTITIONS, vars, zones, partitions, session)
            .withLineage(registered.build(), statements),
        new HiveScriptStep(HqlFiles.CONDITION_CODE_MAP, vars, List.of(), references.subList(0, 1), session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.LAB_REFERENCE_RANGES, vars, List.of(), references.subList(1, 2), session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.PATIENT_PROFILE, vars, profileInputs, List.of(profile), session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.BILLING_RECONCILIATION, vars, billingInputs,
            List.of(DatasetNames.hiveTable(hive, HqlFiles.SNAPSHOT_DB + ".billing_reconciliation", false)), session)
            .withLineage(LineageFacets.EMPTY, statements),
        new HiveScriptStep(HqlFiles.REIDENTIFICATION, vars,
            List.of(profile, DatasetNames.hiveTable(hive, HqlFiles.PHI_RESTRICTED_DB + ".patients", true)),
            List.of(DatasetNames.hiveTable(hive, HqlFiles.PHI_RESTRICTED_DB + ".patient_profile_identified", true)),
            session).withLineage(LineageFacets.EMPTY, statements));
  }

  /** The columns of the quarantine zone (the split job's quarantine output). */
  private static final List<ZoneColumn> QUARANTINE_COLUMNS = List.of(new ZoneColumn("reason", "STRING", null),
      new ZoneColumn("column_name", "STRING", null), new ZoneColumn("detail", "STRING", null),
      new ZoneColumn("source_record", "STRING", null));

  /** MapReduce in-process unless the configuration says otherwise (EMR sets yarn). */
  static Configuration localRunnerConf(Configuration base) {
    Configuration conf = new Configuration(base);
    if (conf.get("mapreduce.framework.name") == null) {
      conf.set("mapreduce.framework.name", "local");
    }
    if ("local".equals(conf.get("mapreduce.framework.name")) && conf.get("mapreduce.jobtracker.address") == null) {
      conf.set("mapreduce.jobtracker.address", "local");
    }
    return conf;
  }

  private static Path privateDir(Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return dir;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort; the directory is private to this run
    }
  }

  /** The manifest written by the last run() (null before). */
  public Path manifestFile() {
    return manifestFile;
  }

  public List<TableReconciliation> reconciliation() {
    return reconciliation;
  }
}
