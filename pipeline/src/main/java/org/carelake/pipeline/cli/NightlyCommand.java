package org.carelake.pipeline.cli;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.carelake.pipeline.NightlyRun;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.run.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {
        "Runs the nightly flow for one business date: Sqoop imports of every source table's window into bzip2 Avro",
        "staging, the PHI split into restricted / general (safe-harbor) / limited (limited-data-set) / quarantine",
        "zones (Parquet encrypted per zone), Hive partitions and snapshot tables, then a reconciliation summary and",
        "manifest, with OpenLineage events for every step under the lake's _lineage/ (see `carelake lineage`).",
        "With no --config it uses embedded defaults, creating H2 source databases filled with a generated Synthea",
        "population and the local key stores (local/keys) on first use.",
        "Exit status: 0 reconciled, 1 a step failed, 2 the counts do not reconcile."})
final class NightlyCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Business date (default: yesterday in the facility time zone).")
  String date;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    ZoneId zone = PipelineConf.getFacilityTimeZone(settings.conf());
    LocalDate today = LocalDate.now(zone);
    LocalDate businessDate = parseDate(date, today.minusDays(1));
    if (!businessDate.isBefore(today)) {
      throw new PipelineConfigException("--date %s is not over yet in %s (today is %s): its window is incomplete; "
          + "use %s or earlier", businessDate, zone, today, today.minusDays(1));
    }
    try (RunLock lock = RunLock.acquire(settings.workDir().root(), "nightly " + businessDate)) {
      return new NightlyRun(settings, businessDate, System.out).run();
    }
  }

  static LocalDate parseDate(String text, LocalDate defaultDate) {
    if (text == null) {
      return defaultDate;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new PipelineConfigException("--date %s is not a date; use YYYY-MM-DD, e.g. %s", text, defaultDate);
    }
  }
}
