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
import org.carelake.catalog.TableSpec;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.config.SourceConnection;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.Progress;
import org.carelake.pipeline.run.Reconciler;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.RunManifest;
import org.carelake.pipeline.run.StepRunner;
import org.carelake.pipeline.run.SummaryTable;
import org.carelake.pipeline.run.TableReconciliation;
import org.carelake.pipeline.steps.EmbeddedSourceHold;
import org.carelake.pipeline.steps.EmbeddedSourcesStep;
import org.carelake.pipeline.steps.HiveScriptStep;
import org.carelake.pipeline.steps.HiveSession;
import org.carelake.pipeline.steps.ImportWindow;
import org.carelake.pipeline.steps.PhiSplitStep;
import org.carelake.pipeline.steps.SqoopImportStep;
import org.carelake.split.keys.TokenKeys;

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

  public NightlyRun(Settings settings, LocalDate businessDate, PrintStream out) {
    this.settings = settings;
    this.businessDate = businessDate;
    this.out = out;
  }

  public int run() throws Exception {
    Instant started = Instant.now();
    String runId = RUN_ID.format(started) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    Progress progress = new Progress(out);
    Configuration conf = localRunnerConf(settings.conf());
    Lake lake = new Lake(settings.lakeRoot());
    Path scratch = privateDir(settings.workDir().scratchDir().resolve(runId));
    Path logDir = Files.createDirectories(settings.workDir().logsDir().resolve("runs").resolve(runId));
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    progress.info("CareLake nightly run %s for business date %s", runId, businessDate);
    progress.info("       lake %s, logs %s", lake.root(), logDir);

    List<String> tables = settings.catalog().tables().stream().map(TableSpec::name).toList();
    Map<String, String> windows = new LinkedHashMap<>();
    StepRunner runner;
    try (RunContext ctx = new RunContext(runId, businessDate, conf, settings.home(), settings.catalog(), lake, scratch,
        logDir, progress)) {
      runner = new StepRunner(ctx);
      if (settings.localKeyStore()) {
        TokenKeys.createLocalKeyStore(conf, settings.workDir().keyStore());
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
      double threshold = conf.getDouble(PipelineConf.QUARANTINE_THRESHOLD, 1.0);
      for (TableSpec table : settings.catalog().tables()) {
        ImportWindow window = ImportWindow.of(table, businessDate);
        windows.put(table.name(), window.toString());
        Dataset staged = new Dataset(lake.root().toString(),
            "staging/" + table.source() + "/" + table.name() + "/" + Lake.partition(businessDate), true);
        imports.add(new SqoopImportStep(table, connections.get(table.source()), window, staged,
            PipelineConf.getImportMappers(conf)));
        splits.add(new PhiSplitStep(table, lake, businessDate, threshold));
      }
      if (!runner.failed()) {
        runner.runAll(imports, PipelineConf.getImportParallelism(conf));
      }
      if (!runner.failed()) {
        runner.runAll(splits, 1);
      }
      if (!runner.failed()) {
        runner.runAll(hiveSteps(lake), 1);
      }
      reconciliation = Reconciler.reconcile(settings.catalog(), tables, windows, runner.records());
      boolean reconciled = !runner.failed() && reconciliation.stream().allMatch(TableReconciliation::reconciled);
      String status = runner.failed() ? "FAILED" : reconciled ? "SUCCEEDED" : "NOT_RECONCILED";
      RunManifest manifest = new RunManifest(runId, businessDate, status, started, Instant.now(), settings.describe(),
          reconciliation, runner.records());
      org.apache.hadoop.fs.Path written = manifest.write(conf, lake.manifests(businessDate));
      manifestFile = Path.of(written.toUri());

      out.println();
      SummaryTable.print(out, reconciliation);
      out.println();
      out.println("Manifest: " + written);
      if (runner.failed()) {
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
      out.println("Run " + runId + " reconciled: every row read was written or quarantined.");
      return EXIT_OK;
    } finally {
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
    vars.put(HqlFiles.RESTRICTED_ROOT, lake.zone(Lake.RESTRICTED).toString());
    vars.put(HqlFiles.QUARANTINE_ROOT, lake.zone(Lake.QUARANTINE).toString());
    vars.put(HqlFiles.SNAPSHOT_ROOT, lake.zone(Lake.SNAPSHOT).toString());
    vars.put(HqlFiles.ENTITLEMENTS_ROOT, settings.hiveServer().entitlementsRoot());
    String hive = "hive://" + PipelineConf.getHiveMetastoreUri(settings.conf()).orElse("embedded-metastore");
    List<Dataset> clinical = new ArrayList<>();
    List<Dataset> restricted = new ArrayList<>();
    List<Dataset> zones = new ArrayList<>();
    for (TableSpec t : settings.catalog().tables()) {
      clinical.add(new Dataset(hive, HqlFiles.CLINICAL_DB + "." + t.name(), false));
      zones.add(new Dataset(lake.root().toString(), Lake.GENERAL + "/" + t.name() + "/" + Lake.partition(businessDate), false));
      if (t.hasRestrictedZone()) {
        restricted.add(new Dataset(hive, HqlFiles.PHI_RESTRICTED_DB + "." + t.name(), true));
      }
      restricted.add(new Dataset(hive, HqlFiles.PHI_RESTRICTED_DB + "." + t.name() + "_quarantine", true));
    }
    java.util.function.Function<RunContext, HiveSession> session =
        ctx -> HiveSession.of(ctx, settings.hiveBaseDir(), Map.of());
    List<Dataset> databases = List.of(new Dataset(hive, HqlFiles.CLINICAL_DB, false),
        new Dataset(hive, HqlFiles.PHI_RESTRICTED_DB, true), new Dataset(hive, HqlFiles.SNAPSHOT_DB, false));
    List<Dataset> partitions = Stream.concat(clinical.stream(), restricted.stream())
        .map(d -> new Dataset(d.namespace(), d.name() + "/" + Lake.partition(businessDate), d.protectedData())).toList();
    List<Dataset> references = Stream.of("condition_code_map", "lab_reference_range")
        .map(t -> new Dataset(hive, HqlFiles.SNAPSHOT_DB + "." + t, false)).toList();
    List<Dataset> profileInputs = Stream.concat(Stream.of("patients", "encounters", "conditions", "observations",
        "devices", "claims", "claims_transactions").map(t -> new Dataset(hive, HqlFiles.CLINICAL_DB + "." + t, false)),
        references.stream()).toList();
    Dataset profile = new Dataset(hive, HqlFiles.SNAPSHOT_DB + ".patient_profile/" + Lake.partition(businessDate), false);
    List<Dataset> billingInputs = Stream.concat(Stream.of("encounters", "conditions", "claims", "claims_transactions")
        .map(t -> new Dataset(hive, HqlFiles.CLINICAL_DB + "." + t, false)), Stream.of(profile, references.get(0)))
        .toList();
    return List.of(
        new HiveScriptStep(HqlFiles.DATABASES, vars, List.of(), databases, session),
        new HiveScriptStep(HqlFiles.ENTITLEMENTS, vars, List.of(),
            List.of(new Dataset(hive, HqlFiles.ENTITLEMENTS_DB + ".analyst_organizations", false)), session),
        new HiveScriptStep(HqlFiles.CLINICAL_TABLES, vars, List.of(), clinical, session),
        new HiveScriptStep(HqlFiles.PHI_RESTRICTED_TABLES, vars, List.of(), restricted, session),
        new HiveScriptStep(HqlFiles.ADD_PARTITIONS, vars, zones, partitions, session),
        new HiveScriptStep(HqlFiles.CONDITION_CODE_MAP, vars, List.of(), references.subList(0, 1), session),
        new HiveScriptStep(HqlFiles.LAB_REFERENCE_RANGES, vars, List.of(), references.subList(1, 2), session),
        new HiveScriptStep(HqlFiles.PATIENT_PROFILE, vars, profileInputs, List.of(profile), session),
        new HiveScriptStep(HqlFiles.BILLING_RECONCILIATION, vars, billingInputs,
            List.of(new Dataset(hive, HqlFiles.SNAPSHOT_DB + ".billing_reconciliation/" + Lake.partition(businessDate),
                false)), session));
  }

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
