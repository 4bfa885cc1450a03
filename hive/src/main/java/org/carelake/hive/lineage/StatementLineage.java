package org.carelake.hive.lineage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What one Hive statement did, as {@link HiveLineageHook} records it: the query id, the SESSION
 * user (not the OS user HiveServer2 runs as), the operation, the Hadoop job ids of its tasks,
 * the entities it read and wrote, and Hive's column lineage edges. Holds no statement text and
 * no values: only names.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatementLineage(String queryId, String user, String operation, String status,
    List<String> hadoopJobIds, List<Entity> inputs, List<Entity> outputs, List<ColumnEdge> edges) {

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  private static final ObjectMapper JSON = new ObjectMapper();

  public StatementLineage {
    hadoopJobIds = List.copyOf(hadoopJobIds);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    edges = List.copyOf(edges);
  }

  /**
   * A table, partition, database or directory a statement read or wrote.
   *
   * @param type Hive's entity type: TABLE, PARTITION, DATABASE, DFS_DIR, ...
   * @param name db.table for tables and partitions, db for databases, the URI for directories
   * @param partition the partition (e.g. dt=2026-11-20) for PARTITION entities, else null
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entity(String type, String name, String partition) {
  }

  /**
   * One edge of Hive's column lineage: target columns computed from source columns.
   *
   * @param sources db.table.column labels of the columns read
   * @param targets db.table.column labels of the columns written
   * @param expression Hive's expression when the value is computed, null for a plain copy
   * @param type PROJECTION (the value flows) or PREDICATE (the columns decide which rows)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ColumnEdge(List<String> sources, List<String> targets, String expression, String type) {
    public ColumnEdge {
      sources = List.copyOf(sources);
      targets = List.copyOf(targets);
    }
  }

  public void write(OutputStream out) throws IOException {
    JSON.writeValue(out, this);
  }

  public static StatementLineage read(InputStream in) throws IOException {
    return JSON.readValue(in, StatementLineage.class);
  }
}
