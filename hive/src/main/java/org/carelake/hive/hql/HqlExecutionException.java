package org.carelake.hive.hql;

import java.sql.SQLException;
import java.util.Optional;

/** A statement of an HQL script failed on the server; names the statement's file:line and first line. */
public class HqlExecutionException extends HqlException {
  private static final long serialVersionUID = 1L;

  private final transient HqlStatement statement;
  private final String queryId;

  public HqlExecutionException(HqlStatement statement, int index, SQLException cause) {
    this(statement, index, cause, null);
  }

  /** {@code queryId}: Hive's id of the failed statement (its lineage record is filed by it), null if unknown. */
  public HqlExecutionException(HqlStatement statement, int index, SQLException cause, String queryId) {
    super(cause, "%s failed (statement %d: %s) with SQLState %s: %s; the statements before it have run, and the "
        + "project's HQL is idempotent: fix the cause and rerun the whole file", statement.where(), index,
        statement.firstLine(), cause.getSQLState(), cause.getMessage());
    this.statement = statement;
    this.queryId = queryId;
  }

  /** Hive's query id of the failed statement, when the server gave one. */
  public Optional<String> queryId() {
    return Optional.ofNullable(queryId);
  }

  public HqlStatement statement() {
    return statement;
  }

  /** The SQLState the server reported (e.g. 42000 for a denied or unparsable statement). */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
