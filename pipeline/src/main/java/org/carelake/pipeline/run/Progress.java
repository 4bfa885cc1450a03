package org.carelake.pipeline.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Progress lines for people watching a run: one when a step starts, one when it ends. */
public final class Progress {
  private final PrintStream out;
  private final long startNanos = System.nanoTime();

  public Progress(PrintStream out) {
    this.out = out;
  }

  public synchronized void info(String format, Object... args) {
    out.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.nanoTime() - startNanos) / 1e9, String.format(Locale.ROOT, format, args));
    out.flush();
  }

  void started(Step step) {
    info("start  %s", step.name());
  }

  void ended(StepRecord record) {
    String took = format(record.elapsed());
    switch (record.status()) {
      case SUCCEEDED:
        String summary = record.counts().isEmpty() ? "" : "  (" + summaryOf(record) + ")";
        info("done   %s%s  %s", record.name(), summary, took);
        break;
      case FAILED:
        info("FAILED %s after %s: %s", record.name(), took, record.error().orElse("unknown error"));
        break;
      default:
        info("skip   %s", record.name());
    }
  }

  private static String summaryOf(StepRecord record) {
    StepResult r = new StepResult();
    record.counts().forEach(r::count);
    return r.summary();
  }

  static String format(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  public PrintStream out() {
    return out;
  }
}
