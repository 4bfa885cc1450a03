package org.carelake.hive.hql;

import java.time.Duration;

/**
 * What one executed statement returned.
 *
 * @param statement the statement
 * @param updateCount the JDBC update count (-1 when the server reports none, as Hive does for DDL)
 * @param returnedRows true when the statement produced a result set (which the runner closes unread)
 * @param elapsed wall time of the statement
 */
public record StatementResult(HqlStatement statement, int updateCount, boolean returnedRows, Duration elapsed) {
}
