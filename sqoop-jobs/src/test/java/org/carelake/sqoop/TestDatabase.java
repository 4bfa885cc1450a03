package org.carelake.sqoop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SourceSchema;
import org.carelake.sources.SqlDialect;

/**
 * A fresh source database for one test: an H2 file database in a temporary directory, or a
 * uniquely named database on the local PostgreSQL / MariaDB server, dropped on close.
 */
final class TestDatabase implements AutoCloseable {
  static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

  final SqlDialect dialect;
  final String url;
  final String user;
  private final String name;

  private TestDatabase(SqlDialect dialect, String url, String user, String name) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.name = name;
  }

  static TestDatabase create(SqlDialect dialect, Path tempDir) throws SQLException {
    String name = "carelake_sqoop_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    switch (dialect) {
      case H2:
        return new TestDatabase(dialect, "jdbc:h2:file:" + tempDir.resolve("ehr").toAbsolutePath()
            + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;AUTO_SERVER=TRUE", "sa", name);
      case POSTGRESQL:
        admin(PG_ADMIN_URL, "postgres", "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0");
        return new TestDatabase(dialect, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", name);
      case MARIADB:
        admin(MARIADB_ADMIN_URL, "root", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        return new TestDatabase(dialect, "jdbc:mariadb://127.0.0.1:3306/" + name, "root", name);
      default:
        throw new AssertionError(dialect);
    }
  }

  /** An embedded H2 source holding {@code table} with {@link SourceRows}' sample rows. */
  static TestDatabase h2WithSampleRows(TableSpec table, Path tempDir) throws SQLException {
    TestDatabase db = create(SqlDialect.H2, tempDir);
    db.createTable(table);
    try (Connection c = db.connect()) {
      SourceRows.insert(c, table, SqlDialect.H2, SourceRows.rows(table));
    }
    return db;
  }

  private static void admin(String url, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }

  void createTable(TableSpec table) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String ddl : SourceSchema.createStatements(table, dialect)) {
        s.execute(ddl);
      }
    }
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** A name for logs and test display. */
  String label() {
    return dialect.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws SQLException {
    switch (dialect) {
      case POSTGRESQL -> admin(PG_ADMIN_URL, "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      case MARIADB -> admin(MARIADB_ADMIN_URL, "root", "DROP DATABASE IF EXISTS " + name);
      default -> {
        // H2: the file lives in the test's temporary directory
      }
    }
  }

  static List<SqlDialect> all() {
    return List.of(SqlDialect.H2, SqlDialect.POSTGRESQL, SqlDialect.MARIADB);
  }
}
