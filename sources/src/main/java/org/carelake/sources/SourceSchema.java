package org.carelake.sources;

import java.util.ArrayList;
import java.util.List;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;

/**
 * The DDL of the on-prem source tables, generated from the catalog: the Synthea CSV columns
 * (lower case) plus row_id, a numeric primary key Sqoop splits on, and last_modified, the
 * column the nightly window selects on (indexed).
 */
public final class SourceSchema {
  private SourceSchema() {
  }

  /** CREATE TABLE and CREATE INDEX statements for one table. */
  public static List<String> createStatements(TableSpec table, SqlDialect dialect) {
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(dialect.quote(table.name())).append(" (");
    List<String> cols = new ArrayList<>();
    for (ColumnSpec c : table.columns()) {
      String type = dialect.columnType(c.type());
      if (c.name().equals(TableSpec.ROW_ID)) {
        cols.add(dialect.quote(c.name()) + " " + type + " NOT NULL PRIMARY KEY");
      } else if (c.name().equals(TableSpec.LAST_MODIFIED)) {
        cols.add(dialect.quote(c.name()) + " " + type + " NOT NULL");
      } else {
        cols.add(dialect.quote(c.name()) + " " + type);
      }
    }
    ddl.append(String.join(", ", cols)).append(")");
    String index = "CREATE INDEX " + dialect.quote(table.name() + "_last_modified") + " ON "
        + dialect.quote(table.name()) + " (" + dialect.quote(TableSpec.LAST_MODIFIED) + ")";
    return List.of(ddl.toString(), index);
  }

  public static String dropStatement(TableSpec table, SqlDialect dialect) {
    return "DROP TABLE IF EXISTS " + dialect.quote(table.name());
  }
}
