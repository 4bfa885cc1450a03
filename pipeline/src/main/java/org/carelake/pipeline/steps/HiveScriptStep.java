package org.carelake.pipeline.steps;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.time.Instant;
import org.carelake.hive.hql.HqlExecutionException;
import org.carelake.hive.hql.HqlRunner;
import org.carelake.hive.hql.HqlStatement;
import org.carelake.hive.hql.HqlScript;
import org.carelake.hive.hql.StatementResult;
import org.carelake.pipeline.lineage.HiveStatementRuns;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepFailedException;
import org.carelake.pipeline.run.StepResult;

/**
 * Runs one of the project's HQL files (the same file an Oozie hive2 action names) on the run's
 * HiveServer2, binding the variables the file uses from the run's variable set.
 */
public final class HiveScriptStep implements Step {
  private final String relativeFile;
  private final Map<String, String> variables;
  private final List<Dataset> inputs;
  private final List<Dataset> outputs;
  private final Function<RunContext, HiveSession> session;
  private LineageFacets declared = LineageFacets.EMPTY;
  private HiveStatementRuns statementRuns;

  public HiveScriptStep(String relativeFile, Map<String, String> variables, List<Dataset> inputs,
      List<Dataset> outputs, Function<RunContext, HiveSession> session) {
    this.relativeFile = relativeFile;
    this.variables = Map.copyOf(variables);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.session = session;
  }

  /**
   * Lineage that follows from the DDL rather than from a statement's plan (the Hive tables over the
   * zones show the zones' columns), and how to name the datasets the statements touch.
   */
  public HiveScriptStep withLineage(LineageFacets declared, HiveStatementRuns statementRuns) {
    this.declared = declared;
    this.statementRuns = statementRuns;
    return this;
  }

  @Override
  public String name() {
    return "hive " + relativeFile.replaceFirst("^hive/hql/", "");
  }

  @Override
  public String kind() {
    return "hive";
  }

  @Override
  public List<Dataset> inputs() {
    return inputs;
  }

  @Override
  public List<Dataset> outputs() {
    return outputs;
  }

  @Override
  public StepResult run(RunContext ctx) throws StepFailedException {
    Path file = ctx.home().root().resolve(relativeFile);
    HqlScript script = HqlScript.load(file);
    Map<String, String> bound = new TreeMap<>();
    for (String name : script.variables()) {
      String value = variables.get(name);
      if (value == null) {
        throw new IllegalStateException(file + " uses ${" + name + "}, which the run does not provide; "
            + "known variables: " + variables.keySet());
      }
      bound.put(name, value);
    }
    HiveSession hive = session.apply(ctx);
    HqlRunner runner = new HqlRunner(hive.connection());
    StepResult result = new StepResult();
    result.lineage().addAll(declared).user(hive.user());
    List<HqlStatement> statements = script.bind(bound);
    int index = 0;
    for (HqlStatement statement : statements) {
      index++;
      Instant started = Instant.now();
      try {
        StatementResult r = runner.run(statement, index);
        if (statementRuns != null) {
          result.lineage().subRun(statementRuns.succeeded(statement, index, hive.lineage(r.queryId()), started,
              Instant.now()));
        }
      } catch (HqlExecutionException e) {
        if (statementRuns != null) {
          // Hive's failure hook recorded what the statement touched; a statement that did not compile has no record
          result.lineage().subRun(statementRuns.failed(statement, index, e.queryId().orElse(null),
              e.queryId().flatMap(hive::lineage), started, Instant.now(), e.getMessage()));
        }
        result.count("statements", index - 1);
        throw new StepFailedException(e.getMessage(), result, e);
      }
    }
    return result.count("statements", statements.size());
  }
}
