package org.carelake.hive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carelake.catalog.DataCatalog;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.hive.hql.HqlRunner;
import org.carelake.hive.hql.HqlScript;
import org.carelake.hive.metastore.MetastoreDatabase;
import org.carelake.hive.metastore.MetastoreProcess;
import org.carelake.hive.metastore.MetastoreSchema;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.hive.testing.TestLake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external metastore as on EMR: a Thrift metastore in a JVM of its own on a PostgreSQL database
 * whose schema MetastoreSchemaTool made, and HiveServer2 apart from it. The cluster is then
 * "terminated": both processes stop, and a fresh metastore JVM and a fresh HiveServer2 (with an
 * empty base directory) on the same database see every table and partition. Needs PostgreSQL on
 * 127.0.0.1:5432 (user postgres, trust), like the source tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExternalMetastoreTest {
  static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final String D1 = "2024-03-01";
  static final String D2 = "2024-03-02";

  @TempDir
  static Path tmp;
  Path home;
  String database;
  MetastoreDatabase db;
  TestLake lake;
  DataCatalog catalog;

  @BeforeAll
  void createAnEmptyDatabaseAndALake() throws Exception {
    home = Path.of(System.getProperty("carelake.home"));
    database = "carelake_hms_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    }
    db = new MetastoreDatabase("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    lake = new TestLake(tmp.resolve("lake"), catalog);
    lake.general("patients", D1, List.of(
        HiveLakeIntegrationTest.patient("p1", "tok-1", 1980, null, "F", "021"),
        HiveLakeIntegrationTest.patient("p2", "tok-2", 1990, null, "M", "024")));
    lake.general("patients", D2, List.of(HiveLakeIntegrationTest.patient("p3", "tok-3", 2000, null, "F", "010")));
    lake.general("encounters", D2, List.of(
        HiveLakeIntegrationTest.encounter("e1", "e1", "tok-3", "2024-03-01T10:00", "org-1", "wellness")));
  }

  @AfterAll
  void dropTheDatabase() throws SQLException {
    if (database == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", ""); Statement st = c.createStatement()) {
      st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
      st.execute("DROP DATABASE IF EXISTS " + database);
    }
  }

  @Test
  void tablesAndPartitionsSurviveStoppingTheMetastoreAndHiveServer2() throws Exception {
    Path scripts = MetastoreSchema.scriptsHome(home);
    assertThat(MetastoreSchema.ensure(db, scripts)).as("schema created in the empty database").isTrue();
    assertThat(MetastoreSchema.ensure(db, scripts)).as("an existing schema is checked, not made again").isFalse();
    String warehouse = tmp.resolve("warehouse").toUri().toString().replaceAll("/$", "");
    String classpath = System.getProperty("java.class.path");

    Map<String, String> before;
    try (MetastoreProcess hms = MetastoreProcess.start(db, freePort(), tmp.resolve("hms-1"), warehouse, classpath,
        Duration.ofMinutes(3));
        LocalHiveServer hive = LocalHiveServer.builder().baseDir(tmp.resolve("hs2-1")).metastoreUri(hms.uri()).build()
            .start();
        Connection etl = hive.connect("etl")) {
      HqlRunner runner = new HqlRunner(etl);
      run(runner, HqlFiles.DATABASES, Map.of());
      run(runner, HqlFiles.CLINICAL_TABLES, Map.of());
      run(runner, HqlFiles.CLINICAL_LIMITED_TABLES, Map.of());
      run(runner, HqlFiles.PHI_RESTRICTED_TABLES, Map.of());
      for (String dt : List.of(D1, D2)) {
        run(runner, HqlFiles.ADD_PARTITIONS, Map.of(HqlFiles.DT, dt));
      }
      before = state(etl);
      assertThat(before.get("rows")).isEqualTo(D1 + "|2;" + D2 + "|1");
      assertThat(before.get("partitions")).isEqualTo("dt=" + D1 + ";dt=" + D2);
    }
    // both are gone; what the metastore knows is in PostgreSQL
    try (Connection c = db.connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM \"TBLS\" t JOIN \"DBS\" d ON t.\"DB_ID\" = d.\"DB_ID\" "
            + "WHERE d.\"NAME\" = 'clinical'")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(catalog.tables().size());
    }

    try (MetastoreProcess hms = MetastoreProcess.start(db, freePort(), tmp.resolve("hms-2"), warehouse, classpath,
        Duration.ofMinutes(3));
        LocalHiveServer hive = LocalHiveServer.builder().baseDir(tmp.resolve("hs2-2")).metastoreUri(hms.uri()).build()
            .start();
        Connection etl = hive.connect("etl")) {
      assertThat(hive.settings()).containsEntry("hive.metastore.uris", hms.uri())
          .doesNotContainKey("javax.jdo.option.ConnectionURL");
      assertThat(state(etl)).isEqualTo(before);
    }
  }

  /** Databases, clinical tables, partitions and rows per partition, as one comparable map. */
  Map<String, String> state(Connection c) throws SQLException {
    Map<String, String> s = new HashMap<>();
    try (Statement st = c.createStatement()) {
      s.put("databases", HiveLakeIntegrationTest.rows(st, "SHOW DATABASES"));
      s.put("tables", HiveLakeIntegrationTest.rows(st, "SHOW TABLES IN clinical"));
      s.put("restricted", HiveLakeIntegrationTest.rows(st, "SHOW TABLES IN phi_restricted"));
      s.put("partitions", HiveLakeIntegrationTest.rows(st, "SHOW PARTITIONS clinical.patients"));
      s.put("encounter_partitions", HiveLakeIntegrationTest.rows(st, "SHOW PARTITIONS clinical.encounters"));
      s.put("rows", HiveLakeIntegrationTest.rows(st, "SELECT dt, count(*) FROM clinical.patients GROUP BY dt ORDER BY dt"));
    }
    assertThat(s.get("tables").split(";")).hasSize(catalog.tables().size());
    return s;
  }

  void run(HqlRunner runner, String file, Map<String, String> extra) {
    HqlScript script = HqlScript.load(home, file);
    Map<String, String> all = new HashMap<>(lake.roots());
    all.putAll(extra);
    Map<String, String> v = new HashMap<>();
    for (String name : script.variables()) {
      v.put(name, all.get(name));
    }
    runner.run(script, v);
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
