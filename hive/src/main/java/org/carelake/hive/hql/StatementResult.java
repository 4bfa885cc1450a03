package org.carelake.hive.hql;

import java.time.Duration;

/**
 * What one executed statement returned.
 *
 * @param statement the statement
 * @param updateCount the JDBC update count (-1 when the server reports none, as Hive does for DDL)
 * @param returnedRows true when the statement produced a result set (which the runner closes unread)
 * @param elapsed wall time of the statement
 * @param queryId Hive's query id (names the statement's lineage record), null when the driver gives none
 */
public record StatementResult(HqlStatement statement, int updateCount, boolean returnedRows, Duration elapsed,
    String queryId) {
  public StatementResult(HqlStatement statement, int updateCount, boolean returnedRows, Duration elapsed) {
    this(statement, updateCount, returnedRows, elapsed, null);
  }
}
