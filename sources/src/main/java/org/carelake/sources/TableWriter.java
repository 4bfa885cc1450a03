package org.carelake.sources;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;

/**
 * Writes one CSV into its source table in one transaction (batched inserts), so a failure
 * leaves nothing of this load in the table. row_id continues after the table's MAX(row_id).
 */
final class TableWriter {
  private final Connection connection;
  private final SqlDialect dialect;
  private final String database;
  private final int batchSize;

  /** {@code database} names the target in messages (a URL without its parameters). */
  TableWriter(Connection connection, SqlDialect dialect, String database, int batchSize) {
    this.connection = connection;
    this.dialect = dialect;
    this.database = database;
    this.batchSize = batchSize;
  }

  /** Loads {@code rowCount} records (counted beforehand, so last_modified can span the day). */
  LoadReport.TableLoad write(SyntheaCsvFile csv, FieldParser parser, LocalDate modifiedOn, long rowCount,
      boolean replace) {
    TableSpec table = csv.table();
    long[] batchLines = {0, 0};
    try {
      connection.setAutoCommit(false);
      try {
        prepareTable(table, replace);
        long firstRowId = maxRowId(table) + 1;
        List<ColumnSpec> columns = table.columns();
        int[] field = new int[columns.size()]; // catalog position -> CSV field, -1 for loader-assigned
        for (int c = 0; c < field.length; c++) {
          field[c] = csv.dataColumns().indexOf(columns.get(c));
        }
        try (PreparedStatement insert = connection.prepareStatement(insertSql(table))) {
          long[] index = {0};
          long loaded = csv.forEachRecord((fields, line) -> {
            if (index[0] >= rowCount) {
              throw new LoadException(csv.file() + " changed while it was loaded (more than the " + rowCount
                  + " records counted before); load from a directory nobody writes to");
            }
            for (int c = 0; c < field.length; c++) {
              ColumnSpec column = columns.get(c);
              int p = c + 1;
              if (column.name().equals(TableSpec.ROW_ID)) {
                insert.setLong(p, firstRowId + index[0]);
              } else if (column.name().equals(TableSpec.LAST_MODIFIED)) {
                insert.setObject(p, LastModifiedClock.at(modifiedOn, index[0], rowCount));
              } else {
                Object value = parser.parse(fields[field[c]], column, csv.file() + ":" + line);
                if (value == null) {
                  insert.setNull(p, FieldParser.sqlType(column.type()));
                } else {
                  insert.setObject(p, value);
                }
              }
            }
            insert.addBatch();
            if (batchLines[0] == 0) {
              batchLines[0] = line;
            }
            batchLines[1] = line;
            index[0]++;
            if (index[0] % batchSize == 0) {
              insert.executeBatch();
              batchLines[0] = 0;
            }
          });
          insert.executeBatch();
          if (loaded != rowCount) {
            throw new LoadException(csv.file() + " changed while it was loaded (" + loaded + " records, "
                + rowCount + " counted before); load from a directory nobody writes to");
          }
          connection.commit();
          return new LoadReport.TableLoad(table.source(), table.name(), loaded, firstRowId,
              firstRowId + loaded - 1);
        }
      } catch (SQLException | RuntimeException e) {
        rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      String where = batchLines[0] == 0 ? "" : String.format(Locale.ROOT, " in the batch of rows from %s lines %d..%d",
          csv.file(), batchLines[0], batchLines[1]);
      throw new LoadException(String.format(Locale.ROOT,
          "Table '%s': the %s database failed%s (%s); nothing of this load of the table was committed. "
          + "Check the table's definition and constraints against catalog/data-classification.json, or "
          + "reload it with replaceTables(true)", table.name(), database, where, describe(e)));
    }
  }

  private void prepareTable(TableSpec table, boolean replace) throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (replace) {
        st.execute(SourceSchema.dropStatement(table, dialect));
        for (String ddl : SourceSchema.createStatements(table, dialect)) {
          st.execute(ddl);
        }
        return;
      }
      Set<String> existing = existingColumns(table.name());
      if (existing.isEmpty()) {
        for (String ddl : SourceSchema.createStatements(table, dialect)) {
          st.execute(ddl);
        }
        return;
      }
      List<String> missing = table.columnNames().stream().filter(c -> !existing.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new LoadException("Table '" + table.name() + "' in the " + database + " database lacks column(s) "
            + missing + " that catalog/data-classification.json lists; reload it with replaceTables(true) "
            + "(drops and recreates it) or add the columns");
      }
    }
  }

  /** Lower-case column names of an existing table; empty when the table does not exist. */
  Set<String> existingColumns(String table) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    String stored = switch (dialect) {
      case H2 -> table.toUpperCase(Locale.ROOT); // unquoted names fold to upper case
      case POSTGRESQL -> table.toLowerCase(Locale.ROOT);
      case MARIADB -> table;
    };
    String escape = md.getSearchStringEscape();
    String pattern = escape == null || escape.isEmpty() ? stored
        : stored.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    String catalog = dialect == SqlDialect.MARIADB ? connection.getCatalog() : null;
    String schema = dialect == SqlDialect.MARIADB ? null : connection.getSchema();
    Set<String> columns = new HashSet<>();
    try (ResultSet rs = md.getColumns(catalog, schema, pattern, "%")) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return columns;
  }

  private long maxRowId(TableSpec table) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(" + dialect.quote(TableSpec.ROW_ID) + ") FROM "
            + dialect.quote(table.name()))) {
      rs.next();
      return rs.getLong(1); // 0 when the table is empty
    }
  }

  private String insertSql(TableSpec table) {
    List<String> names = new ArrayList<>();
    table.columnNames().forEach(n -> names.add(dialect.quote(n)));
    return "INSERT INTO " + dialect.quote(table.name()) + " (" + String.join(", ", names) + ") VALUES ("
        + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller needs; a broken connection rolls back anyway
    }
  }

  /**
   * SQLState, vendor code and the first line of the driver's message with literals removed:
   * drivers quote row values (PostgreSQL's batch message holds the whole INSERT with its values,
   * H2 and MariaDB quote duplicate keys), and those may be PHI.
   */
  static String describe(SQLException e) {
    SQLException shown = e;
    if (e instanceof BatchUpdateException && e.getNextException() != null) {
      shown = e.getNextException();
    }
    String message = shown.getMessage() == null ? "" : shown.getMessage().lines().findFirst().orElse("").trim();
    if (message.startsWith("Batch entry")) {
      message = "a batch entry was aborted";
    }
    message = message.replaceAll("'(?:[^']|'')*'", "'?'")
        .replaceAll("\\(([^()]*)\\)=\\([^()]*\\)", "($1)=(?)");
    int values = message.toUpperCase(Locale.ROOT).indexOf("VALUES");
    if (values >= 0) {
      message = message.substring(0, values) + "VALUES ...";
    }
    int failing = message.indexOf("Failing row");
    if (failing >= 0) {
      message = message.substring(0, failing).trim();
    }
    return String.format(Locale.ROOT, "SQLState %s, vendor code %d: %s", shown.getSQLState(),
        shown.getErrorCode(), message);
  }
}
