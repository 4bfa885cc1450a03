package org.carelake.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.hive.hql.HqlRunner;
import org.carelake.hive.hql.HqlScript;
import org.carelake.hive.hql.StatementResult;
import org.carelake.hive.server.HiveServerStartException;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.hive.testing.ParquetFiles;
import org.carelake.hive.testing.TestLake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one test class that starts HiveServer2 (in-process, embedded Derby metastore): the project's
 * HQL over a small lake written as the split job writes it, read back over JDBC.
 */
class HiveLakeIntegrationTest {
  static final String D1 = "2024-03-01";
  static final String D2 = "2024-03-02";
  /** A later import that every snapshot built for D1 or D2 must ignore. */
  static final String D3 = "2024-03-03";
  static final String ANN = "tok-patient-ann";
  static final String BOB = "tok-patient-bob";
  static final String CAL = "tok-patient-cal";
  static final String DEE = "tok-patient-dee";
  static final String EVE = "tok-patient-eve";

  @TempDir
  static Path tmp;
  static Path home;
  static DataCatalog catalog;
  static TestLake lake;
  static LocalHiveServer hive;
  static Connection etl;
  static long startMillis;

  @BeforeAll
  static void startHiveAndCreateTheLake() throws Exception {
    home = Path.of(System.getProperty("carelake.home"));
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    lake = new TestLake(tmp.resolve("lake"), catalog);
    writeLake();

    long t0 = System.nanoTime();
    hive = LocalHiveServer.builder()
        .baseDir(tmp.resolve("hive"))
        .extraSettings(Map.of("carelake.test.marker", "from-hive-site"))
        .build()
        .start();
    startMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("HiveServer2 up in %d ms%n", startMillis);
    etl = hive.connect("etl");

    HqlRunner runner = new HqlRunner(etl);
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.DATABASES), vars(HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT, HqlFiles.RESTRICTED_ROOT,
        HqlFiles.SNAPSHOT_ROOT));
    List<StatementResult> clinical = runner.run(script(HqlFiles.CLINICAL_TABLES), vars(HqlFiles.GENERAL_ROOT));
    assertThat(clinical).hasSize(catalog.tables().size());
    runner.run(script(HqlFiles.CLINICAL_LIMITED_TABLES), vars(HqlFiles.LIMITED_ROOT));
    runner.run(script(HqlFiles.PHI_RESTRICTED_TABLES), vars(HqlFiles.RESTRICTED_ROOT, HqlFiles.QUARANTINE_ROOT));
    for (String dt : List.of(D1, D2, D3)) {
      Map<String, String> v = vars(HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT, HqlFiles.RESTRICTED_ROOT,
          HqlFiles.QUARANTINE_ROOT);
      v.put(HqlFiles.DT, dt);
      runner.run(script(HqlFiles.ADD_PARTITIONS), v);
    }
    System.out.printf("DDL and partitions in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stopHive() throws SQLException {
    if (etl != null) {
      etl.close();
    }
    if (hive != null) {
      hive.close();
    }
  }

  @Test
  void serverStartsQuicklyAndSessionsSeeHiveSiteAndTheJdbcUser() throws Exception {
    assertThat(startMillis).isLessThan(120_000);
    try (Connection c = hive.connect("analyst_1"); Statement st = c.createStatement()) {
      assertThat(single(st, "SELECT current_user()")).isEqualTo("analyst_1");
      // an extra setting written to hive-site.xml reaches the session configuration
      assertThat(single(st, "SET carelake.test.marker")).isEqualTo("carelake.test.marker=from-hive-site");
    }
    assertThat(Files.readString(hive.hiveSite())).contains("carelake.test.marker");
    assertThat(hive.jdbcUrl("clinical")).isEqualTo("jdbc:hive2://localhost:" + hive.port() + "/clinical");
  }

  @Test
  void aSecondServerInTheSameJvmIsRefused() {
    assertThatThrownBy(() -> LocalHiveServer.builder().baseDir(tmp.resolve("other")).build().start())
        .isInstanceOf(HiveServerStartException.class)
        .hasMessageContaining("already runs in this JVM")
        .hasMessageContaining(Integer.toString(hive.port()));
  }

  /**
   * The split job writes TIMESTAMP as int64 TIMESTAMP(MICROS, isAdjustedToUTC=false), DATE as int32
   * DATE, DECIMAL(14,2) as int64 DECIMAL and STRING as UTF8 binary. Read through the row-mode
   * fetch path and the vectorized and non-vectorized MapReduce paths, and in a session whose time
   * zone is not UTC (a local timestamp must not move).
   */
  @Test
  void readsTheSplitJobsParquetTypesOnEveryReadPath() throws Exception {
    Path dir = tmp.resolve("types");
    Files.createDirectories(dir);
    List<ZoneColumn> cols = List.of(new ZoneColumn("s", "STRING", null), new ZoneColumn("d", "DATE", null),
        new ZoneColumn("ts", "TIMESTAMP", null), new ZoneColumn("amount", "DECIMAL(14,2)", null),
        new ZoneColumn("n", "INT", null), new ZoneColumn("b", "BIGINT", null), new ZoneColumn("x", "DOUBLE", null));
    ParquetFiles.write(dir.resolve("part-m-00000.parquet"), ParquetFiles.schema("types", cols), List.of(
        row("s", "Zoë;'quoted'", "d", LocalDate.of(1931, 2, 28),
            "ts", LocalDateTime.of(2021, 3, 14, 1, 59, 26, 535_897_000), "amount", new BigDecimal("123456789012.34"),
            "n", 7, "b", 1L << 40, "x", 98.6),
        row("s", "negative", "d", LocalDate.of(2024, 2, 29), "ts", LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1000),
            "amount", new BigDecimal("-0.01"), "n", -1, "b", -1L, "x", -0.5),
        row()));
    // Hive 4 sorts NULLs last in ascending order
    String expected = "Zoë;'quoted'|1931-02-28|2021-03-14 01:59:26.535897|123456789012.34|7|1099511627776|98.6;"
        + "negative|2024-02-29|1969-12-31 23:59:59.000001|-0.01|-1|-1|-0.5;"
        + "null|null|null|null|null|null|null";
    try (Connection c = hive.connect("etl"); Statement st = c.createStatement()) {
      st.execute("CREATE EXTERNAL TABLE default.types_probe (s STRING, d DATE, ts TIMESTAMP, amount DECIMAL(14,2), "
          + "n INT, b BIGINT, x DOUBLE) STORED AS PARQUET LOCATION '" + dir.toUri() + "'");
      // fetch task: no MapReduce job, Hive's row-mode Parquet reader
      assertThat(rows(st, "SELECT s, d, ts, amount, n, b, x FROM default.types_probe ORDER BY s"))
          .isEqualTo(expected);
      for (String vectorized : List.of("true", "false")) {
        st.execute("SET hive.vectorized.execution.enabled=" + vectorized);
        st.execute("SET hive.local.time.zone=America/New_York");
        // GROUP BY forces a MapReduce job; the aggregates keep each value as read
        assertThat(rows(st, "SELECT s, max(d), max(ts), sum(amount), sum(n), max(b), max(x) "
            + "FROM default.types_probe GROUP BY s ORDER BY s"))
            .as("vectorized=%s", vectorized).isEqualTo(expected);
        assertThat(rows(st, "SELECT count(*) FROM default.types_probe WHERE ts = '2021-03-14 01:59:26.535897' "
            + "AND d = DATE '1931-02-28' AND amount = 123456789012.34")).isEqualTo("1");
      }
    }
  }

  @Test
  void tablesMatchTheCatalogsZoneColumnsAndReadTheZones() throws Exception {
    Map<String, List<String>> clinical = columnsOf("clinical");
    Map<String, List<String>> restricted = columnsOf("phi_restricted");
    for (TableSpec t : catalog.tables()) {
      assertThat(clinical.get(t.name())).as("clinical.%s", t.name()).isEqualTo(names(t.generalColumns()));
      if (t.hasRestrictedZone()) {
        assertThat(restricted.get(t.name())).as("phi_restricted.%s", t.name())
            .isEqualTo(names(t.restrictedColumns()));
      } else {
        assertThat(restricted).doesNotContainKey(t.name());
      }
      assertThat(restricted.get(t.name() + "_quarantine"))
          .containsExactly("reason", "column_name", "detail", "source_record", "dt");
    }
    // the general zone has no identifier columns at all
    assertThat(clinical.get("patients")).doesNotContain("ssn", "first", "last", "address", "birthdate", "zip");
    try (Statement st = etl.createStatement()) {
      for (String table : List.of("clinical.patients", "phi_restricted.patients", "phi_restricted.claims_quarantine")) {
        assertThat(rows(st, "SHOW PARTITIONS " + table)).isEqualTo("dt=" + D1 + ";dt=" + D2 + ";dt=" + D3);
      }
      assertThat(rows(st, "SELECT dt, count(*) FROM clinical.patients GROUP BY dt ORDER BY dt"))
          .isEqualTo(D1 + "|3;" + D2 + "|2;" + D3 + "|2");
      assertThat(rows(st, "SELECT patient_token, ssn, birthdate, zip FROM phi_restricted.patients WHERE dt = '" + D1
          + "'")).isEqualTo(ANN + "|999-00-0001|1980-07-04|02138");
      assertThat(rows(st, "SELECT reason, column_name, dt FROM phi_restricted.patients_quarantine"))
          .isEqualTo("REQUIRED_MISSING|birthdate|" + D1);
    }
  }

  @Test
  void patientProfileIsTheLatestVersionAsOfDtAndARerunReplacesIt() throws Exception {
    HqlRunner runner = new HqlRunner(etl);
    long t0 = System.nanoTime();
    List<StatementResult> first = runner.run(script(HqlFiles.PATIENT_PROFILE), profileVars(D2));
    System.out.printf("patient_profile %s: %d statements in %d ms%n", D2, first.size(),
        (System.nanoTime() - t0) / 1_000_000);

    Map<String, Map<String, Object>> p = profiles(D2);
    assertThat(p.keySet()).as("Eve was imported on D1 only; Dee on D3").containsExactly(ANN, BOB, CAL, EVE);

    Map<String, Object> ann = p.get(ANN);
    assertThat(ann.get("age_band")).isEqualTo("35-49");
    assertThat(ann.get("deceased")).isEqualTo(false);
    assertThat(ann.get("sex")).isEqualTo("F");
    assertThat(ann.get("zip3")).as("D2's version of the patient row wins over D1's").isEqualTo("024");
    assertThat(ann.get("state")).isEqualTo("Massachusetts");
    assertThat(ann.get("encounter_count")).as("e2 re-imported on D2 counts once; D3's e3 is ignored")
        .isEqualTo(2L);
    assertThat(ann.get("organization")).isEqualTo("org-2");
    assertThat(ann.get("active_conditions")).as("c2 got a stop date on D2; 44054006 appears twice")
        .isEqualTo("44054006,59621000");
    assertThat(ann.get("active_condition_count")).isEqualTo(2L);
    assertThat(ann.get("heart_rate")).as("o5 was corrected on D2 to another code").isEqualTo(80.5);
    assertThat(ann.get("heart_rate_time")).isEqualTo(ts("2024-02-01 09:30:15.123456"));
    assertThat(ann.get("systolic_bp")).isEqualTo(120.0);
    assertThat(ann.get("systolic_bp_time")).isEqualTo(ts("2024-02-01 09:30:00"));
    assertThat(ann.get("diastolic_bp")).isEqualTo(80.0);
    assertThat(ann.get("diastolic_bp_time")).isEqualTo(ts("2024-02-01 09:30:00"));
    assertThat((BigDecimal) ann.get("total_charges")).isEqualByComparingTo("125.50");
    assertThat((BigDecimal) ann.get("total_payments")).as("t2's payment corrected on D2").isEqualByComparingTo("70.00");

    Map<String, Object> bob = p.get(BOB);
    assertThat(bob.get("age_band")).isEqualTo("90+");
    assertThat(bob.get("deceased")).isEqualTo(true);
    assertThat(bob.get("zip3")).isEqualTo("000");
    assertThat(bob.get("encounter_count")).isEqualTo(1L);
    assertThat(bob.get("organization")).isEqualTo("org-1");
    assertThat(bob.get("active_condition_count")).isEqualTo(0L);
    assertThat(bob.get("active_conditions")).isEqualTo("");
    assertThat(bob.get("heart_rate")).isEqualTo(66.0);
    assertThat(bob.get("systolic_bp")).isNull();
    assertThat((BigDecimal) bob.get("total_charges")).isEqualByComparingTo("1000.00");
    assertThat((BigDecimal) bob.get("total_payments")).isEqualByComparingTo("1000.00");

    Map<String, Object> cal = p.get(CAL);
    assertThat(cal.get("age_band")).isEqualTo("0-17");
    assertThat(cal.get("encounter_count")).isEqualTo(0L);
    assertThat(cal.get("active_condition_count")).isEqualTo(0L);
    assertThat(cal.get("active_conditions")).isEqualTo("");
    assertThat(cal.get("organization")).isNull();
    assertThat(cal.get("heart_rate")).isNull();
    assertThat((BigDecimal) cal.get("total_charges")).isEqualByComparingTo("0.00");

    // a rerun for the same date replaces the partition: same rows, no duplicates
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.PATIENT_PROFILE), profileVars(D2));
    System.out.printf("patient_profile %s rerun in %d ms%n", D2, (System.nanoTime() - t0) / 1_000_000);
    assertThat(profiles(D2)).isEqualTo(p);
    try (Statement st = etl.createStatement()) {
      assertThat(rows(st, "SELECT count(*), count(DISTINCT patient_token) FROM snapshot.patient_profile "
          + "WHERE dt = '" + D2 + "'")).isEqualTo("4|4");
    }
  }

  @Test
  void patientProfileOfAnEarlierDateSeesOnlyWhatWasImportedByThen() throws Exception {
    new HqlRunner(etl).run(script(HqlFiles.PATIENT_PROFILE), profileVars(D1));
    Map<String, Map<String, Object>> p = profiles(D1);
    assertThat(p.keySet()).containsExactly(ANN, CAL, EVE);
    Map<String, Object> ann = p.get(ANN);
    assertThat(ann.get("zip3")).isEqualTo("021");
    assertThat(ann.get("active_conditions")).isEqualTo("195662009,44054006");
    assertThat(ann.get("heart_rate")).as("o5 was still a heart rate on D1").isEqualTo(95.0);
    assertThat(ann.get("heart_rate_time")).isEqualTo(ts("2024-02-05 08:00:00"));
    assertThat(ann.get("systolic_bp")).isEqualTo(135.0);
    assertThat((BigDecimal) ann.get("total_payments")).isEqualByComparingTo("60.00");
    assertThat((BigDecimal) ann.get("total_charges")).isEqualByComparingTo("100.00");
  }

  // ---- the lake -----------------------------------------------------------------------------

  /**
   * Three imports. D1: the first. D2: changes (Ann moved; a condition stopped; an observation
   * corrected; a payment corrected) and new rows. D3: a later day that snapshots of D1/D2 ignore.
   */
  static void writeLake() throws Exception {
    lake.general("patients", D1, List.of(
        patient("p-ann-1", ANN, 1980, null, "F", "021"),
        patient("p-cal-1", CAL, 2015, null, "M", "017"),
        patient("p-eve-1", EVE, 1999, null, "F", "010")));
    lake.general("patients", D2, List.of(patient("p-bob-1", BOB, 1930, 2023, "M", "000"),
        patient("p-ann-1", ANN, 1980, null, "F", "024")));
    lake.general("patients", D3, List.of(patient("p-ann-1", ANN, 1980, null, "F", "999"),
        patient("p-dee-1", DEE, 1970, null, "F", "020")));

    lake.general("encounters", D1, List.of(
        encounter("r-e1", "e1", ANN, "2023-05-01T10:00", "org-1"),
        encounter("r-e2", "e2", ANN, "2024-01-10T09:00", "org-2")));
    lake.general("encounters", D2, List.of(
        encounter("r-e2", "e2", ANN, "2024-01-10T09:00", "org-2"),
        encounter("r-e4", "e4", BOB, "2022-02-02T08:00", "org-1")));
    lake.general("encounters", D3, List.of(encounter("r-e3", "e3", ANN, "2024-03-03T08:00", "org-3")));

    lake.general("conditions", D1, List.of(
        condition("r-c1", ANN, "44054006", null),
        condition("r-c2", ANN, "195662009", null),
        condition("r-c3", ANN, "44054006", null)));
    lake.general("conditions", D2, List.of(
        condition("r-c2", ANN, "195662009", LocalDate.of(2024, 2, 20)),
        condition("r-c4", ANN, "59621000", null),
        condition("r-c5", BOB, "38341003", LocalDate.of(2021, 1, 1))));

    lake.general("observations", D1, List.of(
        observation("r-o1", ANN, "8867-4", "72.0", "2024-01-10T10:00"),
        observation("r-o4", ANN, "8480-6", "135", "2023-12-01T10:00"),
        observation("r-o5", ANN, "8867-4", "95", "2024-02-05T08:00"),
        observation("r-o8", ANN, "29463-7", "70.2", "2024-02-06T08:00")));
    lake.general("observations", D2, List.of(
        observation("r-o2", ANN, "8867-4", "80.5", "2024-02-01T09:30:15.123456"),
        observation("r-o3s", ANN, "8480-6", "120.0", "2024-02-01T09:30"),
        observation("r-o3d", ANN, "8462-4", "80.0", "2024-02-01T09:30"),
        observation("r-o5", ANN, "9279-1", "95", "2024-02-05T08:00"),
        observation("r-o7", BOB, "8867-4", "66", "2022-02-02T08:10")));
    lake.general("observations", D3, List.of(observation("r-o6", ANN, "8867-4", "60", "2024-03-03T08:00")));

    lake.general("claims_transactions", D1, List.of(
        transaction("r-t1", "t1", ANN, "CHARGE", "100.00", null),
        transaction("r-t2", "t2", ANN, "PAYMENT", null, "60.00"),
        transaction("r-t4", "t4", ANN, "ADJUSTMENT", null, null)));
    lake.general("claims_transactions", D2, List.of(
        transaction("r-t2", "t2", ANN, "PAYMENT", null, "70.00"),
        transaction("r-t3", "t3", ANN, "CHARGE", "25.50", null),
        transaction("r-t5", "t5", BOB, "CHARGE", "1000.00", null),
        transaction("r-t6", "t6", BOB, "PAYMENT", null, "1000.00")));
    lake.general("claims_transactions", D3, List.of(transaction("r-t7", "t7", ANN, "CHARGE", "500.00", null)));

    lake.restricted("patients", D1, List.of(row("patient_token", ANN, "record_token", ANN, "id", "MRN-0001",
        "birthdate", LocalDate.of(1980, 7, 4), "ssn", "999-00-0001", "first", "Ann", "zip", "02138")));
    lake.quarantine("patients", D1, List.of(row("reason", "REQUIRED_MISSING", "column_name", "birthdate",
        "detail", "birthdate is empty", "source_record", "{\"row_id\": 17}")));
  }

  static Map<String, Object> patient(String rowId, String token, int birthYear, Integer deathYear, String gender,
      String zip3) {
    return row("row_id", rowId, "id", token, "birthdate_year", birthYear, "deathdate_year", deathYear,
        "gender", gender, "state", "Massachusetts", "zip3", zip3, "healthcare_expenses", new BigDecimal("10.00"),
        "income", 50_000L);
  }

  static Map<String, Object> encounter(String rowId, String id, String patient, String start, String org) {
    return row("row_id", rowId, "id", id, "patient", patient, "start", LocalDateTime.parse(start),
        "organization", org, "encounterclass", "ambulatory", "base_encounter_cost", new BigDecimal("85.55"));
  }

  static Map<String, Object> condition(String rowId, String patient, String code, LocalDate stop) {
    return row("row_id", rowId, "start", LocalDate.of(2020, 1, 1), "stop", stop, "patient", patient,
        "encounter", "e1", "code", code);
  }

  static Map<String, Object> observation(String rowId, String patient, String code, String value, String date) {
    return row("row_id", rowId, "date", LocalDateTime.parse(date), "patient", patient, "category", "vital-signs",
        "code", code, "value", value, "type", "numeric");
  }

  static Map<String, Object> transaction(String rowId, String id, String patient, String type, String amount,
      String payments) {
    return row("row_id", rowId, "id", id, "claimid", "claim-" + id, "patientid", patient, "type", type,
        "amount", amount == null ? null : new BigDecimal(amount),
        "payments", payments == null ? null : new BigDecimal(payments),
        "fromdate", LocalDateTime.of(2024, 1, 10, 9, 0));
  }

  static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        m.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  // ---- helpers ------------------------------------------------------------------------------

  static HqlScript script(String relative) {
    return HqlScript.load(home, relative);
  }

  static Map<String, String> vars(String... names) {
    Map<String, String> all = lake.roots();
    Map<String, String> v = new HashMap<>();
    for (String n : names) {
      v.put(n, all.get(n));
    }
    return v;
  }

  static Map<String, String> profileVars(String dt) {
    Map<String, String> v = vars(HqlFiles.SNAPSHOT_ROOT);
    v.put(HqlFiles.DT, dt);
    return v;
  }

  static Map<String, Map<String, Object>> profiles(String dt) throws SQLException {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    try (Statement st = etl.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM snapshot.patient_profile WHERE dt = '" + dt + "'")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String name = md.getColumnName(i);
          row.put(name.substring(name.indexOf('.') + 1), rs.getObject(i));
        }
        assertThat(out.put((String) row.get("patient_token"), row)).as("duplicate profile").isNull();
      }
    }
    return out;
  }

  static Timestamp ts(String s) {
    return Timestamp.valueOf(s);
  }

  static List<String> names(List<ZoneColumn> columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(c.name()));
    out.add("dt");
    return out;
  }

  /** Table name to column names (in order, partition column last) of every table in {@code database}. */
  static Map<String, List<String>> columnsOf(String database) throws SQLException {
    Map<String, List<String>> out = new TreeMap<>();
    try (ResultSet rs = etl.getMetaData().getColumns(null, database, "%", "%")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString("TABLE_NAME"), k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
      }
    }
    return out;
  }

  static String single(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  /** Rows joined by ';', columns by '|'. */
  static String rows(Statement st, String sql) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        if (sb.length() > 0) {
          sb.append(';');
        }
        for (int i = 1; i <= n; i++) {
          sb.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
      }
    }
    return sb.toString();
  }
}
