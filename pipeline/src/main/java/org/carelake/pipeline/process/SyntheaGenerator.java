package org.carelake.pipeline.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carelake.pipeline.config.CareLakeHome;

/** Runs the synthea module (Synthea 3.3.0, its own JVM) to write a population as Synthea CSVs. */
public final class SyntheaGenerator {
  static final String MAIN_CLASS = "org.carelake.synthea.GenerateSyntheaCsv";
  private static final long TIMEOUT_MINUTES = 60;

  private final CareLakeHome home;

  public SyntheaGenerator(CareLakeHome home) {
    this.home = home;
  }

  /** Generates {@code patients} patients into {@code out}; byte-identical for the same arguments. */
  public void generate(Path out, int patients, long seed, LocalDate referenceDate, Path log)
      throws IOException, InterruptedException {
    ChildJvm jvm = new ChildJvm(home.module("synthea"), MAIN_CLASS).jvmOption("-Xmx1g").jvmOption("-Duser.timezone=UTC");
    int exit = jvm.run(List.of("--out", out.toString(), "--patients", Integer.toString(patients),
        "--seed", Long.toString(seed), "--reference-date", referenceDate.toString()), log, Map.of("TZ", "UTC"),
        TIMEOUT_MINUTES);
    if (exit != 0) {
      throw new IllegalStateException("Synthea generation failed (exit " + exit + "): "
          + ChildJvm.lastLineStartingWith(log, "ERROR") + " (log: " + log + ")");
    }
  }
}
