package org.carelake.pipeline.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.hive.hql.HqlStatement;
import org.carelake.hive.lineage.StatementLineage;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.LineageFacets.ColumnInput;
import org.carelake.pipeline.run.LineageFacets.Transformation;
import org.carelake.pipeline.run.StepStatus;

/**
 * Turns the Hive hook's record of a statement into a sub-run of its script's step: the tables
 * it read and wrote as datasets, Hive's column lineage as column-lineage facets, the session
 * user, the query id and the Hadoop job ids.
 */
public final class HiveStatementRuns {
  /** What a session command's sub-run says instead of a record. */
  public static final String SESSION_COMMAND_RECORD = "none (a session command: Hive runs it without a query, "
      + "so no hook and no query id)";
  /** Statements Hive's CommandProcessorFactory runs outside its query driver (SET, ADD JAR, ...). */
  private static final Pattern SESSION_COMMAND = Pattern.compile(
      "\\s*(SET(?!\\s+(ROLE|AUTOCOMMIT)\\b)|RESET|(ADD|LIST|DELETE)\\s+(FILE|JAR|ARCHIVE)S?|DFS|RELOAD|COMPILE)\\b",
      Pattern.CASE_INSENSITIVE);
  private final String hiveNamespace;
  private final Predicate<String> protectedPath;

  /**
   * @param protectedPath true for locations (URIs) that hold PHI (restricted, quarantine, staging zones)
   */
  public HiveStatementRuns(String hiveNamespace, Predicate<String> protectedPath) {
    this.hiveNamespace = hiveNamespace;
    this.protectedPath = protectedPath;
  }

  public LineageFacets.SubRun succeeded(HqlStatement statement, int index, Optional<StatementLineage> record,
      Instant started, Instant ended) {
    return subRun(statement, index, null, record, started, ended, Optional.empty());
  }

  /**
   * A statement that failed: {@code queryId} as the server gave it (null if it gave none), {@code record}
   * what the hook's failure run recorded (session user, tables, job ids; empty when the statement did
   * not compile, as the hook then does not run).
   */
  public LineageFacets.SubRun failed(HqlStatement statement, int index, String queryId,
      Optional<StatementLineage> record, Instant started, Instant ended, String error) {
    return subRun(statement, index, queryId, record, started, ended, Optional.of(error));
  }

  private LineageFacets.SubRun subRun(HqlStatement statement, int index, String queryId,
      Optional<StatementLineage> record, Instant started, Instant ended, Optional<String> error) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("statement", statement.where());
    facts.put("sql", statement.sql());
    if (queryId != null) {
      facts.put("hive_query_id", queryId);
    }
    List<Dataset> inputs = new ArrayList<>();
    List<Dataset> outputs = new ArrayList<>();
    LineageFacets.Builder facets = LineageFacets.builder();
    record.ifPresentOrElse(r -> {
      facts.put("hive_query_id", r.queryId());
      facts.put("operation", r.operation());
      if (!r.hadoopJobIds().isEmpty()) {
        facts.put("hadoop_job_ids", String.join(",", r.hadoopJobIds()));
      }
      facets.user(r.user());
      r.inputs().forEach(e -> entity(e).ifPresent(d -> addOnce(inputs, d)));
      r.outputs().forEach(e -> entity(e).ifPresent(d -> addOnce(outputs, d)));
      for (StatementLineage.ColumnEdge edge : r.edges()) {
        boolean projection = "PROJECTION".equals(edge.type());
        Transformation how = projection
            ? edge.expression() == null ? Transformation.identity("Hive: copied") : Transformation.computed(edge.expression())
            : Transformation.indirect("FILTER", edge.expression(), false);
        for (String target : edge.targets()) {
          Column t = Column.parse(target);
          if (t == null) {
            continue;
          }
          Dataset out = table(t.table());
          addOnce(outputs, out);
          for (String source : edge.sources()) {
            Column s = Column.parse(source);
            if (s != null) {
              Dataset in = table(s.table());
              addOnce(inputs, in);
              facets.column(out, t.column(), new ColumnInput(in, s.column(), how));
            }
          }
        }
      }
    }, () -> facts.put("lineage_record", error.isPresent() ? "none (the statement failed before it ran)"
        : SESSION_COMMAND.matcher(statement.sql()).lookingAt() ? SESSION_COMMAND_RECORD : "missing"));
    return new LineageFacets.SubRun("statement-" + index, error.isPresent() ? StepStatus.FAILED : StepStatus.SUCCEEDED,
        started, ended, inputs, outputs, facts, facets.build(), error);
  }

  private Optional<Dataset> entity(StatementLineage.Entity e) {
    switch (e.type()) {
      case "TABLE":
      case "PARTITION":
        return Optional.of(table(e.name()));
      case "DATABASE":
        return Optional.of(DatasetNames.hiveTable(hiveNamespace, e.name(), e.name().equals(HqlFiles.PHI_RESTRICTED_DB)));
      case "DFS_DIR":
      case "LOCAL_DIR":
        return Optional.of(DatasetNames.path(new Path(e.name()), protectedPath.test(e.name())));
      default:
        return Optional.empty();
    }
  }

  /** A Hive table dataset; phi_restricted's tables are protected. */
  public Dataset table(String qualified) {
    String db = qualified.contains(".") ? qualified.substring(0, qualified.indexOf('.')) : "default";
    return DatasetNames.hiveTable(hiveNamespace, qualified, db.equalsIgnoreCase(HqlFiles.PHI_RESTRICTED_DB));
  }

  private static void addOnce(List<Dataset> list, Dataset d) {
    if (!list.contains(d)) {
      list.add(d);
    }
  }

  /** db.table.column as Hive labels columns. */
  private record Column(String table, String column) {
    static Column parse(String label) {
      int first = label.indexOf('.');
      int second = first < 0 ? -1 : label.indexOf('.', first + 1);
      return second < 0 ? null : new Column(label.substring(0, second), label.substring(second + 1));
    }
  }
}
