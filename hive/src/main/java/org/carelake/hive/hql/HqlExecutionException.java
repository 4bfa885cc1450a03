package org.carelake.hive.hql;

import java.sql.SQLException;

/** A statement of an HQL script failed on the server; names the statement's file:line and first line. */
public class HqlExecutionException extends HqlException {
  private static final long serialVersionUID = 1L;

  private final transient HqlStatement statement;

  public HqlExecutionException(HqlStatement statement, int index, SQLException cause) {
    super(cause, "%s failed (statement %d: %s) with SQLState %s: %s; the statements before it have run, and the "
        + "project's HQL is idempotent: fix the cause and rerun the whole file", statement.where(), index,
        statement.firstLine(), cause.getSQLState(), cause.getMessage());
    this.statement = statement;
  }

  public HqlStatement statement() {
    return statement;
  }

  /** The SQLState the server reported (e.g. 42000 for a denied or unparsable statement). */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
