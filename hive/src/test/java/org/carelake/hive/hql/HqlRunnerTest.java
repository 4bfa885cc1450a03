package org.carelake.hive.hql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HqlRunner over a real JDBC connection without HiveServer2: an in-memory Derby database (Derby
 * is on the module's classpath for the embedded metastore). The runner is dialect-blind, so
 * Derby SQL exercises the same paths.
 */
class HqlRunnerTest {
  @TempDir
  static Path logs;

  private String url;
  private Connection connection;

  @BeforeAll
  static void keepDerbyLogOutOfTheWorkingDirectory() {
    System.setProperty("derby.stream.error.file", logs.resolve("derby.log").toString());
  }

  @BeforeEach
  void openDatabase() throws SQLException {
    url = "jdbc:derby:memory:hql_" + UUID.randomUUID().toString().replace("-", "");
    connection = DriverManager.getConnection(url + ";create=true");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    connection.close();
    try {
      DriverManager.getConnection(url + ";drop=true").close();
    } catch (SQLException expected) {
      // Derby reports a dropped in-memory database with SQLState 08006
      assertThat(expected.getSQLState()).isEqualTo("08006");
    }
  }

  @Test
  void runsEachStatementInOrderAndReportsUpdateCounts() throws SQLException {
    HqlScript script = HqlScript.parse("""
        -- a table in ${schema}; the comment's variable is not one
        CREATE TABLE ${schema}.notes (id INT, body VARCHAR(100));
        INSERT INTO ${schema}.notes VALUES (1, 'semi;colon'), (2, 'it''s -- not a comment');
        UPDATE ${schema}.notes SET body = body || '!' WHERE id > 0;
        SELECT count(*) FROM ${schema}.notes;
        """, "notes.hql");
    try (Statement st = connection.createStatement()) {
      st.execute("CREATE SCHEMA carelake_test");
    }

    List<StatementResult> results = new HqlRunner(connection).run(script, Map.of("schema", "carelake_test"));

    assertThat(results).extracting(StatementResult::updateCount).containsExactly(0, 2, 2, -1);
    assertThat(results).extracting(StatementResult::returnedRows).containsExactly(false, false, false, true);
    assertThat(results).extracting(r -> r.statement().line()).containsExactly(2, 3, 4, 5);
    assertThat(results).allSatisfy(r -> assertThat(r.elapsed().isNegative()).isFalse());
    assertThat(bodies()).containsExactly("semi;colon!", "it's -- not a comment!");
  }

  @Test
  void stopsAtTheFirstFailureNamingFileLineStatementAndSqlState() throws SQLException {
    HqlScript script = HqlScript.parse("""
        CREATE TABLE notes (id INT, body VARCHAR(100));
        INSERT INTO notes VALUES (1, 'kept');

        INSERT INTO no_such_table
          VALUES (2, 'never');
        INSERT INTO notes VALUES (3, 'not reached');
        """, "hive/hql/broken.hql");

    assertThatThrownBy(() -> new HqlRunner(connection).run(script, Map.of()))
        .isInstanceOf(HqlExecutionException.class)
        .hasMessageContaining("hive/hql/broken.hql:4")
        .hasMessageContaining("statement 3: INSERT INTO no_such_table")
        .hasMessageContaining("42X05")
        .satisfies(e -> assertThat(((HqlExecutionException) e).sqlState()).isEqualTo("42X05"))
        .satisfies(e -> assertThat(((HqlExecutionException) e).statement().line()).isEqualTo(4));
    assertThat(bodies()).containsExactly("kept");
  }

  @Test
  void aBindingErrorRunsNothing() throws SQLException {
    HqlScript script = HqlScript.parse("CREATE TABLE notes (id INT, body VARCHAR(100));\n"
        + "INSERT INTO notes VALUES (1, '${missing}');\n", "bind.hql");
    assertThatThrownBy(() -> new HqlRunner(connection).run(script, Map.of()))
        .isInstanceOf(HqlException.class)
        .hasMessageContaining("bind.hql:2")
        .hasMessageContaining("${missing}");
    try (ResultSet rs = connection.getMetaData().getTables(null, null, "NOTES", null)) {
      assertThat(rs.next()).as("no statement ran").isFalse();
    }
  }

  private List<String> bodies() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT body FROM " + (hasSchema() ? "carelake_test." : "") + "notes "
            + "ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private boolean hasSchema() throws SQLException {
    try (ResultSet rs = connection.getMetaData().getSchemas(null, "CARELAKE_TEST")) {
      return rs.next();
    }
  }
}
