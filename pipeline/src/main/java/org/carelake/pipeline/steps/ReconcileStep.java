package org.carelake.pipeline.steps;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.lineage.DatasetNames;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.Reconciler;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.RunManifest;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepRecord;
import org.carelake.pipeline.run.StepResult;
import org.carelake.pipeline.run.TableReconciliation;

/**
 * The last step of a run, run even after a failure: reconciles the counts of the step records
 * and writes the manifest. It fails, naming the tables and their problems, when the counts of a
 * run whose steps all succeeded do not add up (the manifest is written first either way).
 */
public final class ReconcileStep implements Step {
  private final DataCatalog catalog;
  private final List<String> tables;
  private final Map<String, String> windows;
  private final Supplier<List<StepRecord>> records;
  private final boolean stepsFailed;
  private final Instant runStarted;
  private final Map<String, String> settings;
  private final Path manifestDir;
  private final Path manifestFile;
  private final List<Dataset> inputs;
  private List<TableReconciliation> reconciliation = List.of();
  private Path written;

  public ReconcileStep(DataCatalog catalog, List<String> tables, Map<String, String> windows,
      Supplier<List<StepRecord>> records, boolean stepsFailed, Instant runStarted, Map<String, String> settings,
      Path manifestDir, String runId, List<Dataset> inputs) {
    this.catalog = catalog;
    this.tables = tables;
    this.windows = windows;
    this.records = records;
    this.stepsFailed = stepsFailed;
    this.runStarted = runStarted;
    this.settings = settings;
    this.manifestDir = manifestDir;
    this.manifestFile = manifestFile(manifestDir, runId);
    this.inputs = List.copyOf(inputs);
  }

  /** Where RunManifest.write puts the manifest of a run (known before it is written: events link to it). */
  public static Path manifestFile(Path manifestDir, String runId) {
    return new Path(manifestDir, "run-" + runId + ".json");
  }

  @Override
  public String name() {
    return "reconcile";
  }

  @Override
  public String kind() {
    return "reconcile";
  }

  @Override
  public List<Dataset> inputs() {
    return inputs;
  }

  @Override
  public List<Dataset> outputs() {
    return List.of(DatasetNames.path(manifestFile, false));
  }

  @Override
  public StepResult run(RunContext ctx) throws Exception {
    List<StepRecord> before = records.get();
    reconciliation = Reconciler.reconcile(catalog, tables, windows, before, ctx.businessDate());
    boolean reconciled = reconciliation.stream().allMatch(TableReconciliation::reconciled);
    String status = stepsFailed ? "FAILED" : reconciled ? "SUCCEEDED" : "NOT_RECONCILED";
    written = new RunManifest(ctx.runId(), ctx.businessDate(), status, runStarted, Instant.now(), settings,
        reconciliation, before).write(ctx.conf(), manifestDir);
    if (!stepsFailed && !reconciled) {
      throw new IllegalStateException("the counts do not reconcile: " + reconciliation.stream()
          .filter(t -> !t.reconciled()).map(t -> t.table() + " (" + String.join("; ", t.problems()) + ")")
          .collect(Collectors.joining(", ")) + "; the manifest " + written + " has the counts");
    }
    return new StepResult().count("tables", reconciliation.size())
        .count("tables_reconciled", reconciliation.stream().filter(TableReconciliation::reconciled).count())
        .fact("manifest", written.toString()).fact("status", status);
  }

  public List<TableReconciliation> reconciliation() {
    return reconciliation;
  }

  /** The manifest written, or null when writing it failed. */
  public Path written() {
    return written;
  }
}
