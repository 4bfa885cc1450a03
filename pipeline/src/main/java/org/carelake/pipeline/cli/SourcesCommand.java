package org.carelake.pipeline.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import org.carelake.pipeline.config.SourceConnection;
import org.carelake.pipeline.process.SyntheaGenerator;
import org.carelake.sources.LoadReport;
import org.carelake.sources.SyntheaCsvLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sources", mixinStandardHelpOptions = true,
    description = "Fill the on-prem source databases (EHR, billing) for development and demos.",
    subcommands = {SourcesCommand.Load.class, SourcesCommand.Generate.class})
final class SourcesCommand {

  @Command(name = "load", mixinStandardHelpOptions = true,
      description = {
          "Loads a Synthea CSV export into the source databases: EHR tables into carelake.source.ehr.url,",
          "billing tables into carelake.source.billing.url (embedded H2 under the work directory by default).",
          "Rows get last_modified inside --modified-on, so `nightly --date` that day imports them."})
  static final class Load implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--csv", required = true, paramLabel = "DIR", description = "Folder of Synthea CSVs (patients.csv, ...).")
    Path csv;

    @Option(names = "--modified-on", paramLabel = "YYYY-MM-DD",
        description = "Day the loaded rows count as modified (default: yesterday in the facility time zone).")
    String modifiedOn;

    @Option(names = "--append", description = "Append to existing tables instead of recreating them.")
    boolean append;

    @Option(names = "--absent-columns-as-null", split = ",", paramLabel = "TABLE.COLUMN",
        description = "Catalog columns the export lacks, loaded as NULL (older Synthea exports lack "
            + "patients.middle, conditions.system, procedures.system). Any other missing column fails the load.")
    String[] absentAsNull = new String[0];

    @Override
    public Integer call() {
      Settings settings = common.settings();
      ZoneId zone = PipelineConf.getFacilityTimeZone(settings.conf());
      LocalDate day = NightlyCommand.parseDate(modifiedOn, LocalDate.now(zone).minusDays(1));
      SyntheaCsvLoader.Builder loader = SyntheaCsvLoader.builder().csvDirectory(csv).catalog(settings.catalog())
          .modifiedOn(day).facilityZone(zone).replaceTables(!append).absentColumnsAsNull(absentAsNull);
      for (String source : settings.catalog().sources().keySet()) {
        SourceConnection c = settings.source(source);
        loader.database(source, c.jdbcUrl(), c.user().orElse(null), password(c));
      }
      LoadReport report = loader.build().load();
      System.out.println(report.summary());
      return 0;
    }

    private static String password(SourceConnection c) {
      if (c.passwordFile().isEmpty()) {
        return "";
      }
      try {
        return java.nio.file.Files.readString(c.passwordFile().get()).strip();
      } catch (java.io.IOException e) {
        throw new PipelineConfigException("Cannot read the password file %s of source %s: %s",
            c.passwordFile().get(), c.source(), e.getMessage());
      }
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Generates a Synthea population as CSVs (Synthea 3.3.0 in its own JVM; same arguments, same bytes).")
  static final class Generate implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not hold a previous run).")
    Path out;

    @Option(names = "--patients", defaultValue = "25", description = "Living patients to generate (default: ${DEFAULT-VALUE}).")
    int patients;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reference-date", paramLabel = "YYYY-MM-DD", description = "End of the simulated history (default: yesterday).")
    String referenceDate;

    @Override
    public Integer call() throws Exception {
      Settings settings = common.settings();
      LocalDate day = NightlyCommand.parseDate(referenceDate,
          LocalDate.now(PipelineConf.getFacilityTimeZone(settings.conf())).minusDays(1));
      Path log = settings.workDir().logsDir().resolve("synthea-" + System.currentTimeMillis() + ".log");
      new SyntheaGenerator(settings.home()).generate(out.toAbsolutePath(), patients, seed, day, log);
      System.out.println("Generated " + patients + " patients into " + out.toAbsolutePath() + " (log: " + log + ")");
      return 0;
    }
  }
}
