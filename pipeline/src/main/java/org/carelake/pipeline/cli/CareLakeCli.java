package org.carelake.pipeline.cli;

import org.carelake.catalog.CatalogException;
import org.carelake.pipeline.config.PipelineConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** scripts/carelake: the operator's command line. */
@Command(name = "carelake", mixinStandardHelpOptions = true, version = "CareLake 0.1.0",
    description = "HIPAA-aware batch ETL for a healthcare facility: Sqoop, MapReduce, Hive and Ranger.",
    subcommands = {NightlyCommand.class, BackfillCommand.class, ServeCommand.class, SourcesCommand.class,
        LineageCommand.class, PolicyCommand.class, PasswdCommand.class, MetastoreCommand.class})
public final class CareLakeCli {
  private CareLakeCli() {
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit status (tests call this). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new CareLakeCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof PipelineConfigException || e instanceof CatalogException || e instanceof IllegalArgumentException) {
        commandLine.getErr().println("carelake: " + e.getMessage());
        return 64;
      }
      commandLine.getErr().println("carelake: " + e);
      e.printStackTrace(commandLine.getErr());
      return 70;
    });
    return cli.execute(args);
  }
}
