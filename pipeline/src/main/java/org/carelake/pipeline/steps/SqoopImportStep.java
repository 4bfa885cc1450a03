package org.carelake.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.SourceConnection;
import org.carelake.pipeline.lineage.CatalogLineage;
import org.carelake.pipeline.lineage.DatasetNames;
import org.carelake.pipeline.lake.PartitionPublisher;
import org.carelake.pipeline.process.ChildJvm;
import org.carelake.pipeline.run.Counts;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepResult;

/**
 * Imports one table's window with Sqoop 1.4.7 (in its own JVM, as an Oozie sqoop action) into
 * bzip2 Avro staging, then publishes it as staging/&lt;source&gt;/&lt;table&gt;/dt=D. The child checks
 * the source columns against the catalog, counts the window, and refuses to report success
 * unless Sqoop returned 0, _SUCCESS exists and the staged count equals the source count.
 */
public final class SqoopImportStep implements Step {
  static final String MAIN_CLASS = "org.carelake.sqoop.ImportTable";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MINUTES = 120;

  private final TableSpec table;
  private final SourceConnection connection;
  private final ImportWindow window;
  private final Dataset input;
  private final Dataset output;
  private final int mappers;

  public SqoopImportStep(TableSpec table, SourceConnection connection, ImportWindow window, Dataset output, int mappers) {
    this.table = table;
    this.connection = connection;
    this.window = window;
    this.input = DatasetNames.jdbcTable(connection.jdbcUrl(), table.name(), true);
    this.output = output;
    this.mappers = mappers;
  }

  @Override
  public String name() {
    return "import " + table;
  }

  @Override
  public String kind() {
    return "sqoop-import";
  }

  @Override
  public java.util.Optional<String> table() {
    return java.util.Optional.of(table.name());
  }

  @Override
  public List<Dataset> inputs() {
    return List.of(input);
  }

  @Override
  public List<Dataset> outputs() {
    return List.of(output);
  }

  /** The MapReduce job id Sqoop's job client logged in the child's log ("Running job: job_..."). */
  static java.util.Optional<String> hadoopJobId(Path log) {
    java.util.regex.Pattern running = java.util.regex.Pattern.compile("Running job: (job_[A-Za-z0-9_]+)");
    try (java.util.stream.Stream<String> lines = Files.lines(log)) {
      return lines.map(running::matcher).filter(java.util.regex.Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public StepResult run(RunContext ctx) throws Exception {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(ctx.lake().runWork(ctx.runId()),
        "staging/" + table.source() + "/" + table.name());
    FileSystem fs = target.getFileSystem(ctx.conf());
    fs.delete(target, true);
    fs.mkdirs(target.getParent());
    Path resultFile = ctx.scratch().resolve("import-" + table.name() + ".json");
    Path workDir = ctx.scratch().resolve("sqoop-" + table.name());
    Path log = ctx.logDir().resolve("import-" + table.name() + ".log");

    List<String> args = new ArrayList<>(List.of(
        "--catalog", ctx.catalog().origin(),
        "--table", table.name(),
        "--options-file", ctx.home().sqoopOptionsFile(table.source(), table.name()).toString(),
        "--connect", connection.jdbcUrl(),
        "--target-dir", fs.makeQualified(target).toString(),
        "--work-dir", workDir.toString(),
        "--mappers", Integer.toString(mappers),
        "--result-file", resultFile.toString()));
    connection.user().ifPresent(u -> args.addAll(List.of("--username", u)));
    connection.passwordFile().ifPresent(p -> args.addAll(List.of("--password-file", p.toString())));
    java.util.Optional<String> alias = PipelineConf.getSourcePasswordAlias(ctx.conf(), table.source());
    if (alias.isPresent()) {
      if (connection.passwordFile().isPresent()) {
        throw new PipelineConfigException("Source %s has both a password file and a password alias; keep one",
            table.source());
      }
      args.addAll(List.of("--password-alias", alias.get(), "--credential-provider",
          PipelineConf.getCredentialProviderPath(ctx.conf()).orElseThrow()));
    }
    if (!window.isFull()) {
      args.addAll(List.of("--window-start", window.startText(), "--window-end", window.endText()));
    }
    ChildJvm jvm = new ChildJvm(ctx.home().module("sqoop-jobs"), MAIN_CLASS)
        .jvmOption("-Xmx768m")
        .jvmOption("-Duser.timezone=UTC")
        // the MariaDB driver logs server errors with the offending values (PHI) at WARN
        .jvmOption("-Dmariadb.logging.disable=true");
    int exit = jvm.run(args, log, Map.of("TZ", "UTC"), TIMEOUT_MINUTES);
    if (exit != 0 || !Files.isRegularFile(resultFile)) {
      throw new IllegalStateException("Import of " + table + " failed (exit " + exit + "): "
          + ChildJvm.lastLineStartingWith(log, "IMPORT FAILED:") + " (log: " + log + ")");
    }
    JsonNode result = JSON.readTree(resultFile.toFile());
    long sourceRows = result.path("sourceRows").asLong(-1);
    long stagedRows = result.path("stagedRows").asLong(-2);
    if (sourceRows != stagedRows) {
      throw new IllegalStateException("Import of " + table + " staged " + stagedRows + " rows but the source window holds "
          + sourceRows + "; the source may have changed during the import: rerun the day (log: " + log + ")");
    }
    new PartitionPublisher(ctx.conf()).publish(target, ctx.lake().staging(table.source(), table.name(), ctx.businessDate()));
    ctx.recordStagedRows(table.name(), stagedRows);
    StepResult out = new StepResult()
        .count(Counts.SOURCE_ROWS, sourceRows)
        .count(Counts.STAGED_ROWS, stagedRows)
        .fact("window", window.toString())
        .fact("bytes", result.path("bytes").asText())
        .fact("avro_codec", result.path("avroCodec").asText());
    hadoopJobId(log).ifPresent(id -> out.fact("hadoop_job_id", id));
    CatalogLineage.importTable(out.lineage(), table, input, output);
    out.lineage().rows(output, stagedRows);
    return out;
  }
}
