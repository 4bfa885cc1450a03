package org.carelake.hive.lineage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.ql.QueryPlan;
import org.apache.hadoop.hive.ql.exec.TaskRunner;
import org.apache.hadoop.hive.ql.hooks.Entity;
import org.apache.hadoop.hive.ql.hooks.ExecuteWithHookContext;
import org.apache.hadoop.hive.ql.hooks.HookContext;
import org.apache.hadoop.hive.ql.hooks.LineageLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Post-execution and on-failure hook: writes a {@link StatementLineage} per statement to
 * {@value HiveLineageSettings#DIR}/&lt;queryId&gt;.json. Unlike Hive's LineageLogger it records the
 * session user (LineageLogger reports the OS user of HiveServer2) and the Hadoop job ids, and it
 * writes to a file the pipeline can find by query id instead of a log.
 */
public final class HiveLineageHook implements ExecuteWithHookContext {
  private static final Logger LOG = LoggerFactory.getLogger(HiveLineageHook.class);

  @Override
  public void run(HookContext ctx) throws Exception {
    String dir = ctx.getConf().get(HiveLineageSettings.DIR);
    QueryPlan plan = ctx.getQueryPlan();
    if (dir == null || dir.isBlank() || plan == null || plan.isExplain()) {
      return;
    }
    String status = ctx.getHookType() == HookContext.HookType.ON_FAILURE_HOOK
        ? StatementLineage.FAILED : StatementLineage.SUCCEEDED;
    StatementLineage record = new StatementLineage(plan.getQueryId(), ctx.getUserName(), plan.getOperationName(),
        status, jobIds(ctx.getCompleteTaskList()), entities(ctx.getInputs()), entities(ctx.getOutputs()),
        status.equals(StatementLineage.SUCCEEDED) && ctx.getIndex() != null
            ? HiveEdges.of(LineageLogger.getEdges(plan, ctx.getIndex())) : List.of());
    Path file = new Path(dir, fileName(plan.getQueryId()));
    FileSystem fs = file.getFileSystem(ctx.getConf());
    try (OutputStream out = fs.create(file, true)) {
      record.write(out);
    } catch (IOException e) {
      // A statement must not fail for its lineage; the pipeline reports the record as missing.
      LOG.warn("Cannot write the lineage of query {} to {}: {}", plan.getQueryId(), file, e.toString());
    }
  }

  /** The file name for a query id (ids are letters, digits, '_' and '-'; anything else is replaced). */
  public static String fileName(String queryId) {
    return queryId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".json";
  }

  private static List<String> jobIds(Collection<TaskRunner> tasks) {
    List<String> ids = new ArrayList<>();
    if (tasks != null) {
      for (TaskRunner t : tasks) {
        String id = t.getTask() == null ? null : t.getTask().getJobID();
        if (id != null && !ids.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private static List<StatementLineage.Entity> entities(Set<? extends Entity> entities) {
    Map<String, StatementLineage.Entity> out = new LinkedHashMap<>();
    if (entities != null) {
      for (Entity e : entities) {
        StatementLineage.Entity x = entity(e);
        if (x != null) {
          out.putIfAbsent(x.type() + " " + x.name() + " " + x.partition(), x);
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private static StatementLineage.Entity entity(Entity e) {
    switch (e.getType()) {
      case TABLE:
        return new StatementLineage.Entity("TABLE", e.getTable().getFullyQualifiedName(), null);
      case PARTITION:
      case DUMMYPARTITION:
        return new StatementLineage.Entity("PARTITION", e.getTable().getFullyQualifiedName(),
            e.getPartition() == null ? null : e.getPartition().getName());
      case DATABASE:
        return new StatementLineage.Entity("DATABASE", e.getDatabase().getName(), null);
      case DFS_DIR:
      case LOCAL_DIR:
        return new StatementLineage.Entity(e.getType().name(), e.getD() == null ? e.getName() : e.getD().toString(), null);
      default:
        return null;
    }
  }

  /**
   * Reads LineageLogger's edges. Hive 4.0.1 computes them with the public LineageLogger.getEdges
   * but keeps Edge's fields private, so they are read reflectively; a Hive upgrade that renames
   * them fails here with a message naming the field.
   */
  static final class HiveEdges {
    private static final Field SOURCES = field("sources");
    private static final Field TARGETS = field("targets");
    private static final Field EXPR = field("expr");
    private static final Field TYPE = field("type");

    private HiveEdges() {
    }

    static List<StatementLineage.ColumnEdge> of(List<LineageLogger.Edge> edges) throws IllegalAccessException {
      List<StatementLineage.ColumnEdge> out = new ArrayList<>();
      for (LineageLogger.Edge e : edges) {
        out.add(new StatementLineage.ColumnEdge(labels((Set<?>) SOURCES.get(e)), labels((Set<?>) TARGETS.get(e)),
            (String) EXPR.get(e), String.valueOf(TYPE.get(e))));
      }
      return out;
    }

    private static List<String> labels(Set<?> vertices) {
      List<String> out = new ArrayList<>();
      for (Object v : vertices) {
        out.add(((LineageLogger.Vertex) v).getLabel());
      }
      out.sort(null);
      return out;
    }

    private static Field field(String name) {
      try {
        Field f = LineageLogger.Edge.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("Hive's LineageLogger.Edge has no field '" + name + "': HiveLineageHook "
            + "reads Hive 4.0.1's edges; adapt HiveEdges to this Hive version", e);
      }
    }
  }
}
