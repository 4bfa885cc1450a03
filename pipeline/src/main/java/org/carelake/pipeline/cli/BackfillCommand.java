package org.carelake.pipeline.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.carelake.pipeline.NightlyRun;
import org.carelake.pipeline.backfill.BackfillRequest;
import org.carelake.pipeline.backfill.LocalBackfill;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.lake.DayDoneFlag;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.oozie.OozieBackfill;
import org.carelake.pipeline.run.RunLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {
        "Rebuilds business dates D1..D2 (facility days that are over), oldest",
        "first, each exactly as `nightly` builds it: the same window, so the same",
        "partitions. Complete days (_manifests/dt=D/_SUCCESS) are skipped unless",
        "--force. One run at a time (a lock in the work directory). The first",
        "failed day stops the backfill: rerun the same command to resume there.",
        "Prints one report line per day.",
        "With carelake.oozie.url set (EMR) it submits the backfill coordinator",
        "(oozie-workflows/backfill) through Oozie's REST API instead, with",
        "carelake.oozie.job.properties (the environment's job.properties).",
        "Exit status: 0 every day done or skipped, 1 a day failed, 2 a day did",
        "not reconcile, 64 bad arguments."})
final class BackfillCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First business date.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last business date (inclusive).")
  String to;

  @Option(names = "--tables", split = ",", paramLabel = "TABLE",
      description = "Only these catalog tables (Hive partitions and the snapshot are rebuilt too). Default: all.")
  List<String> tables = List.of();

  @Option(names = "--dry-run", description = "Print what would run (or, on EMR, Oozie's dry run); change nothing.")
  boolean dryRun;

  @Option(names = "--force", description = "Rebuild complete days too.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    ZoneId zone = PipelineConf.getFacilityTimeZone(settings.conf());
    BackfillRequest request = BackfillRequest.of(parse("--from", from), parse("--to", to), tables, force,
        settings.catalog(), zone, LocalDate.now(zone));
    PrintStream out = System.out;
    if (OozieBackfill.getOozieUrl(settings.conf()).isPresent()) {
      OozieBackfill oozie = new OozieBackfill(OozieBackfill.getOozieUrl(settings.conf()).get(),
          OozieBackfill.load(OozieBackfill.getJobProperties(settings.conf())),
          OozieBackfill.getKerberos(settings.conf()), zone);
      oozie.submit(request, dryRun, out);
      return 0;
    }
    Lake lake = new Lake(settings.lakeRoot());
    LocalBackfill backfill = new LocalBackfill(request, new DayDoneFlag(settings.conf(), lake),
        settings.workDir().root(), out);
    if (dryRun) {
      LocalBackfill.report(backfill.plan(), request, out);
      return 0;
    }
    try (RunLock lock = RunLock.acquire(settings.workDir().root(), "backfill " + request)) {
      List<LocalBackfill.DayReport> reports = backfill.run(day -> {
        NightlyRun run = new NightlyRun(settings, day, out).onlyTables(request.tables());
        int exit = run.run();
        return new LocalBackfill.DayRun.Result(exit, run.manifestFile());
      });
      return LocalBackfill.report(reports, request, out);
    }
  }

  private static LocalDate parse(String option, String text) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new PipelineConfigException("%s %s is not a date; use YYYY-MM-DD", option, text);
    }
  }
}
