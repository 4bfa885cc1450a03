package org.carelake.hive.hql;

/**
 * One statement of an HQL script, variables substituted, comments and the closing ';' removed.
 *
 * @param origin the script it comes from (a path relative to the CareLake home where possible)
 * @param line the 1-based line on which the statement starts
 * @param sql the text sent to the server
 */
public record HqlStatement(String origin, int line, String sql) {

  /** file:line, for messages. */
  public String where() {
    return origin + ":" + line;
  }

  /** The first line of the statement, for logs (HQL holds no PHI). */
  public String firstLine() {
    int nl = sql.indexOf('\n');
    return (nl < 0 ? sql : sql.substring(0, nl)).strip();
  }
}
