package org.carelake.hive.hql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hive.jdbc.HiveStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs HQL scripts statement by statement over one JDBC connection, so SET statements carry
 * over to the statements after them. Stops at the first failing statement.
 */
public final class HqlRunner {
  private static final Logger LOG = LoggerFactory.getLogger(HqlRunner.class);

  private final Connection connection;

  public HqlRunner(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /** Binds {@code variables} to {@code script} and runs its statements in order. */
  public List<StatementResult> run(HqlScript script, Map<String, String> variables) {
    List<HqlStatement> statements = script.bind(variables);
    long t0 = System.nanoTime();
    List<StatementResult> results = run(statements);
    LOG.info("{}: {} statements in {} ms", script.origin(), results.size(),
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
    return results;
  }

  /** Runs bound statements in order. */
  public List<StatementResult> run(List<HqlStatement> statements) {
    List<StatementResult> results = new ArrayList<>(statements.size());
    int index = 0;
    for (HqlStatement s : statements) {
      index++;
      results.add(execute(s, index));
    }
    return results;
  }

  /** Runs one bound statement; {@code index} (1-based) is its position in its script, for messages. */
  public StatementResult run(HqlStatement s, int index) {
    return execute(s, index);
  }

  private StatementResult execute(HqlStatement s, int index) {
    LOG.info("{} [{}] {}", s.where(), index, s.firstLine());
    long t0 = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      boolean rows;
      try {
        rows = st.execute(s.sql());
      } catch (SQLException e) {
        // asked before the statement closes: Hive's failure hook filed the statement's record under this id
        throw new HqlExecutionException(s, index, e, queryId(st));
      }
      String queryId = queryId(st);
      int updateCount = -1;
      if (rows) {
        // closed unread: scripts change state, they do not report
        ResultSet rs = st.getResultSet();
        if (rs != null) {
          rs.close();
        }
      } else {
        updateCount = st.getUpdateCount();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("{} [{}] done in {} ms", s.where(), index, elapsed.toMillis());
      return new StatementResult(s, updateCount, rows, elapsed, queryId);
    } catch (SQLException e) {
      throw new HqlExecutionException(s, index, e);
    }
  }

  /** Hive's query id of the statement just executed (lineage records are filed by it); null if unknown. */
  private static String queryId(Statement st) {
    try {
      // asked before the result set is closed: closing it closes the server operation
      return st instanceof HiveStatement h ? h.getQueryId() : null;
    } catch (SQLException e) {
      LOG.debug("No query id: {}", e.toString());
      return null;
    }
  }
}
