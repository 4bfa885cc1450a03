package org.carelake.hive.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.carelake.hive.hql.HqlExecutionException;
import org.carelake.hive.hql.HqlRunner;
import org.carelake.hive.hql.HqlScript;
import org.carelake.hive.hql.StatementResult;
import org.carelake.hive.server.LocalHiveServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lineage hook on a real HiveServer2: each statement's record is filed under the query id
 * the JDBC driver reports, names the session user (not the OS user), the MapReduce job, the
 * tables read and written, and Hive's column lineage (projections and predicates).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HiveLineageHookTest {
  private LocalHiveServer hive;
  private Path records;
  private List<StatementResult> results;

  @BeforeAll
  void runAScriptAsTheEtlUser(@TempDir Path dir) throws SQLException {
    records = dir.resolve("lineage");
    hive = LocalHiveServer.builder().baseDir(dir.resolve("hive")).port(0)
        .extraSettings(HiveLineageSettings.hiveSiteEntries(records.toUri().toString()))
        .build().start();
    HqlScript script = HqlScript.parse("""
        CREATE TABLE people (mrn STRING, birth_year INT, zip STRING);
        INSERT INTO people VALUES ('m1', 1950, '02139'), ('m2', 1990, '10001');
        CREATE TABLE profile (token STRING, age INT, zip3 STRING);
        INSERT OVERWRITE TABLE profile
        SELECT upper(mrn), 2026 - birth_year, substr(zip, 1, 3) FROM people WHERE birth_year > 1900;
        """, "lineage-test.hql");
    try (Connection c = hive.connect("etl")) {
      results = new HqlRunner(c).run(script, Map.of());
    }
  }

  @AfterAll
  void stop() {
    if (hive != null) {
      hive.close();
    }
  }

  @Test
  void everyStatementHasARecordFiledUnderItsQueryIdWithTheSessionUser() throws Exception {
    assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.queryId()).isNotBlank());
    for (StatementResult r : results) {
      StatementLineage record = read(r.queryId());
      assertThat(record.queryId()).isEqualTo(r.queryId());
      assertThat(record.status()).isEqualTo(StatementLineage.SUCCEEDED);
      assertThat(record.user()).isEqualTo("etl").isNotEqualTo(System.getProperty("user.name"));
    }
    assertThat(read(results.get(0).queryId()).operation()).isEqualTo("CREATETABLE");
  }

  @Test
  void anInsertRecordsItsJobTablesAndColumnLineage() throws Exception {
    StatementLineage insert = read(results.get(3).queryId());
    assertThat(insert.operation()).isEqualTo("QUERY");
    assertThat(insert.hadoopJobIds()).isNotEmpty().allSatisfy(id -> assertThat(id).startsWith("job_"));
    assertThat(insert.inputs()).extracting(StatementLineage.Entity::name).contains("default.people");
    assertThat(insert.outputs()).extracting(StatementLineage.Entity::name).contains("default.profile");

    assertThat(edge(insert, "default.profile.zip3").sources()).containsExactly("default.people.zip");
    assertThat(edge(insert, "default.profile.zip3").expression()).contains("substr");
    assertThat(edge(insert, "default.profile.age").sources()).containsExactly("default.people.birth_year");
    assertThat(edge(insert, "default.profile.token").sources()).containsExactly("default.people.mrn");
    assertThat(insert.edges()).anySatisfy(e -> {
      assertThat(e.type()).isEqualTo("PREDICATE");
      assertThat(e.sources()).containsExactly("default.people.birth_year");
    });
  }

  @Test
  void aFailingStatementIsRecordedAsFailedUnderTheQueryIdItsExceptionNames() throws Exception {
    HqlExecutionException error;
    try (Connection c = hive.connect("etl")) {
      // fails at run time (assert_true in a MapReduce task), after compilation: the failure hook runs
      HqlScript bad = HqlScript.parse("INSERT OVERWRITE TABLE profile SELECT 'x', 1, assert_true(false) FROM people;",
          "bad.hql");
      error = catchThrowableOfType(() -> new HqlRunner(c).run(bad, Map.of()), HqlExecutionException.class);
    }
    assertThat(error).hasMessageContaining("bad.hql");
    assertThat(error.queryId()).isPresent();
    assertThat(read(error.queryId().get()).status()).isEqualTo(StatementLineage.FAILED);
    List<StatementLineage> failed;
    try (var files = Files.list(records)) {
      failed = files.filter(f -> f.getFileName().toString().endsWith(".json")).map(HiveLineageHookTest::readFile).filter(r -> r.status().equals(StatementLineage.FAILED)).toList();
    }
    assertThat(failed).singleElement().satisfies(r -> {
      assertThat(r.user()).isEqualTo("etl");
      assertThat(r.outputs()).extracting(StatementLineage.Entity::name).contains("default.profile");
      assertThat(r.edges()).isEmpty();
    });
  }

  private static StatementLineage.ColumnEdge edge(StatementLineage r, String target) {
    return r.edges().stream().filter(e -> e.type().equals("PROJECTION") && e.targets().contains(target))
        .findFirst().orElseThrow(() -> new AssertionError("no projection edge to " + target + " in " + r.edges()));
  }

  private StatementLineage read(String queryId) throws Exception {
    return readFile(records.resolve(HiveLineageHook.fileName(queryId)));
  }

  private static StatementLineage readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return StatementLineage.read(in);
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
