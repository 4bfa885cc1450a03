package org.carelake.pipeline.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs steps, a batch at a time, recording each one. A batch may run in parallel (imports each
 * run in their own JVM); after the first failure no further step starts, so a broken run stops
 * early and says where.
 */
public final class StepRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

  private final RunContext context;
  private final List<StepRecord> records = new ArrayList<>();
  private final AtomicBoolean failed = new AtomicBoolean();

  public StepRunner(RunContext context) {
    this.context = context;
  }

  /** Runs the steps with up to {@code parallelism} at once; returns false if any failed. */
  public boolean runAll(List<? extends Step> steps, int parallelism) {
    if (parallelism <= 1 || steps.size() <= 1) {
      for (Step step : steps) {
        add(runOne(step));
      }
      return !failed.get();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, steps.size()));
    try {
      List<Future<StepRecord>> futures = new ArrayList<>();
      for (Step step : steps) {
        futures.add(pool.submit(() -> runOne(step)));
      }
      for (Future<StepRecord> f : futures) {
        add(f.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running steps", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("A step runner thread failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return !failed.get();
  }

  /** Runs one step; returns false if it failed (or was skipped after an earlier failure). */
  public boolean run(Step step) {
    return runAll(List.of(step), 1);
  }

  /** Runs a step even after an earlier failure (reconciliation: the manifest says what happened); false if it failed. */
  public boolean runFinal(Step step) {
    StepRecord record = runOne(step, true);
    add(record);
    return record.status() == StepStatus.SUCCEEDED;
  }

  private synchronized void add(StepRecord record) {
    records.add(record);
  }

  private StepRecord runOne(Step step) {
    return runOne(step, false);
  }

  private StepRecord runOne(Step step, boolean evenAfterFailure) {
    Instant started = Instant.now();
    if (failed.get() && !evenAfterFailure) {
      StepRecord skipped = new StepRecord(step.name(), step.kind(), step.table(), step.inputs(), step.outputs(),
          StepStatus.SKIPPED, started, started, Map.of(), Map.of(), Optional.empty());
      context.progress().ended(skipped);
      return skipped;
    }
    context.progress().started(step);
    context.observers().forEach(o -> o.started(step, started));
    StepRecord record;
    try {
      StepResult result = step.run(context);
      record = new StepRecord(step.name(), step.kind(), step.table(), step.inputs(), step.outputs(),
          StepStatus.SUCCEEDED, started, Instant.now(), result.counts(), result.facts(), Optional.empty(),
          result.lineage().build());
    } catch (Exception | LinkageError e) {
      failed.set(true);
      LOG.error("Step {} failed", step.name(), e);
      StepResult partial = e instanceof StepFailedException f && f.partial() != null ? f.partial() : new StepResult();
      record = new StepRecord(step.name(), step.kind(), step.table(), step.inputs(), step.outputs(),
          StepStatus.FAILED, started, Instant.now(), partial.counts(), partial.facts(), Optional.of(messageOf(e)),
          partial.lineage().build());
    }
    context.progress().ended(record);
    for (StepObserver o : context.observers()) {
      o.ended(step, record);
    }
    return record;
  }

  static String messageOf(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getName() : m;
  }

  public boolean failed() {
    return failed.get();
  }

  /** Marks the run failed for a reason outside any step (e.g. counts that do not reconcile). */
  public void markFailed() {
    failed.set(true);
  }

  public synchronized List<StepRecord> records() {
    return List.copyOf(records);
  }
}
