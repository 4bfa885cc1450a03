package org.carelake.pipeline.backfill;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.carelake.pipeline.lake.DayDoneFlag;

/**
 * Runs a backfill here, day by day in order (a day's snapshot reads every earlier partition):
 * complete days are skipped unless forced, days this backfill already finished are skipped when it
 * is resumed, and the first failed day stops it (the days after it would be built on a gap).
 * Prints one report line per day. Exit status: 0 all days done, else the failed day's status.
 */
public final class LocalBackfill {
  /** Runs the nightly flow for one day (NightlyRun), returning its exit status and manifest. */
  @FunctionalInterface
  public interface DayRun {
    Result run(LocalDate day) throws Exception;

    record Result(int exitStatus, Path manifest) {
    }
  }

  /** What happened to one day. */
  public enum Outcome { RAN, SKIPPED_COMPLETE, SKIPPED_DONE_BEFORE_RESUME, FAILED, NOT_RUN, WOULD_RUN }

  public record DayReport(LocalDate day, Outcome outcome, int exitStatus, Path manifest, Duration took) {
  }

  private final BackfillRequest request;
  private final DayDoneFlag doneFlag;
  private final Path workDir;
  private final PrintStream out;

  public LocalBackfill(BackfillRequest request, DayDoneFlag doneFlag, Path workDir, PrintStream out) {
    this.request = request;
    this.doneFlag = doneFlag;
    this.workDir = workDir;
    this.out = out;
  }

  /** What a run would do, touching nothing. */
  public List<DayReport> plan() throws Exception {
    BackfillState state = BackfillState.load(workDir, request);
    List<DayReport> reports = new ArrayList<>();
    for (LocalDate day : request.days()) {
      reports.add(new DayReport(day, skip(day, state), 0, null, Duration.ZERO));
    }
    return reports;
  }

  private Outcome skip(LocalDate day, BackfillState state) throws Exception {
    if (state.isDone(day)) {
      return Outcome.SKIPPED_DONE_BEFORE_RESUME;
    }
    if (!request.force() && doneFlag.isComplete(day)) {
      return Outcome.SKIPPED_COMPLETE;
    }
    return Outcome.WOULD_RUN;
  }

  public List<DayReport> run(DayRun dayRun) throws Exception {
    BackfillState state = BackfillState.load(workDir, request);
    if (state.resumed()) {
      out.println("Resuming the backfill started " + state.started() + " (" + state.file() + ")");
    }
    state.save();
    List<DayReport> reports = new ArrayList<>();
    boolean stopped = false;
    for (LocalDate day : request.days()) {
      if (stopped) {
        reports.add(new DayReport(day, Outcome.NOT_RUN, 0, null, Duration.ZERO));
        continue;
      }
      Outcome skip = skip(day, state);
      if (skip != Outcome.WOULD_RUN) {
        out.println("== " + day + ": " + describe(skip));
        reports.add(new DayReport(day, skip, 0, null, Duration.ZERO));
        continue;
      }
      out.println("== " + day + ": running" + (request.allTables() ? "" : " tables " + request.tablesParameter()));
      Instant started = Instant.now();
      DayRun.Result result = dayRun.run(day);
      Duration took = Duration.between(started, Instant.now());
      if (result.exitStatus() == 0) {
        state.markDone(day);
        reports.add(new DayReport(day, Outcome.RAN, 0, result.manifest(), took));
      } else {
        reports.add(new DayReport(day, Outcome.FAILED, result.exitStatus(), result.manifest(), took));
        stopped = true;
      }
    }
    if (!stopped) {
      state.finish();
    }
    return reports;
  }

  static String describe(Outcome o) {
    return switch (o) {
      case RAN -> "done";
      case SKIPPED_COMPLETE -> "skipped, already complete (--force rebuilds it)";
      case SKIPPED_DONE_BEFORE_RESUME -> "skipped, done earlier in this backfill";
      case FAILED -> "FAILED";
      case NOT_RUN -> "not run (an earlier day failed)";
      case WOULD_RUN -> "would run";
    };
  }

  /** The per-day report and, after a failure, how to resume. Returns the exit status. */
  public static int report(List<DayReport> reports, BackfillRequest request, PrintStream out) {
    out.println();
    out.println("Backfill " + request);
    out.printf("%-12s %-52s %6s %8s  %s%n", "day", "outcome", "exit", "seconds", "manifest");
    int exit = 0;
    for (DayReport r : reports) {
      out.printf("%-12s %-52s %6s %8s  %s%n", r.day(), describe(r.outcome()),
          r.outcome() == Outcome.RAN || r.outcome() == Outcome.FAILED ? Integer.toString(r.exitStatus()) : "",
          r.took().isZero() ? "" : Long.toString(r.took().toSeconds()), r.manifest() == null ? "" : r.manifest());
      if (r.outcome() == Outcome.FAILED && exit == 0) {
        exit = r.exitStatus();
      }
    }
    if (exit != 0) {
      LocalDate failed = reports.stream().filter(r -> r.outcome() == Outcome.FAILED).findFirst().orElseThrow().day();
      out.println("Backfill stopped at " + failed + ". Fix the cause (see the day's output above and its log), then "
          + "rerun the same command: it resumes at " + failed + ".");
    }
    return exit;
  }
}
