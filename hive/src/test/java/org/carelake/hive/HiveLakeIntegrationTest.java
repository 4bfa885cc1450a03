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
import java.time.Duration;
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
import org.carelake.hive.auth.PasswordFile;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.hive.hql.HqlRunner;
import org.carelake.hive.hql.HqlScript;
import org.carelake.hive.hql.StatementResult;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.HiveServerStartException;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.hive.testing.AuditTrail;
import org.carelake.hive.testing.ParquetFiles;
import org.carelake.hive.testing.PolicyDirectories;
import org.carelake.hive.testing.TestLake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one HiveServer2 of the module's tests (in-process, embedded Derby metastore, login by
 * password file, the Ranger-backed authorizer with the repository's policies): the project's HQL
 * run as the pipeline's etl user over a small lake written as the split job writes it, the
 * snapshots it builds, and what each policy does to analysts, stewards and everyone else over JDBC
 * (the tests of {@link PolicyEffects}, which this class implements to share its server).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HiveLakeIntegrationTest implements PolicyEffects {
  static final String D1 = "2024-03-01";
  static final String D2 = "2024-03-02";
  /** A later import that every snapshot built for D1 or D2 must ignore. */
  static final String D3 = "2024-03-03";
  static final String ANN = "tok-patient-ann";
  static final String BOB = "tok-patient-bob";
  static final String CAL = "tok-patient-cal";
  static final String DEE = "tok-patient-dee";
  static final String EVE = "tok-patient-eve";
  /** Ten patients imported on D2 who share Ann's age band, sex and ZIP3 there: her cell has 11. */
  static final List<String> COHORT = List.of("tok-k01", "tok-k02", "tok-k03", "tok-k04", "tok-k05", "tok-k06",
      "tok-k07", "tok-k08", "tok-k09", "tok-k10");
  /** Logins of the test's password file (hashed with few iterations: logins are many here). */
  static final Map<String, String> PASSWORDS = Map.of("etl", "etl-secret-1", "analyst1", "analyst1-secret",
      "analyst2", "analyst2-secret", "steward1", "steward1-secret", "researcher1", "researcher1-secret",
      "mallory", "mallory-secret");

  @TempDir
  static Path tmp;
  static Path home;
  static DataCatalog catalog;
  static TestLake lake;
  static Path policies;
  static Path entitlements;
  static Path auditDir;
  static LocalHiveServer hive;
  static Connection etl;
  static long startMillis;

  @BeforeAll
  void startHiveAndRunThePipelineHqlAsEtl() throws Exception {
    home = Path.of(System.getProperty("carelake.home"));
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    lake = new TestLake(tmp.resolve("lake"), catalog);
    writeLake();
    entitlements = tmp.resolve("entitlements");
    writeEntitlements("analyst1,org-1", "analyst2,org-2", "analyst2,org-3");
    policies = PolicyDirectories.copy(home.resolve("ranger-policies"), tmp.resolve("policies"));
    Path passwords = tmp.resolve("hive").resolve("hiveserver2.passwd");
    PasswordFile logins = PasswordFile.read(passwords);
    for (Map.Entry<String, String> e : PASSWORDS.entrySet()) {
      logins = logins.withPassword(e.getKey(), e.getValue().toCharArray(), 1000);
    }

    Path hiveBase = tmp.resolve("hive");
    AuthorizationSettings authz = new AuthorizationSettings(policies,
        home.resolve("ranger-policies/local-user-groups.properties"), hiveBase.resolve("ranger-audit"),
        hiveBase.resolve("ranger-cache")).withPollIntervalMs(1000);
    auditDir = authz.auditDir();
    long t0 = System.nanoTime();
    hive = LocalHiveServer.builder()
        .baseDir(hiveBase)
        .passwordFile(passwords)
        .extraSettings(authz.hiveSiteEntries())
        .extraSettings(Map.of("carelake.test.marker", "from-hive-site"))
        .build()
        .start();
    startMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("HiveServer2 up in %d ms%n", startMillis);
    etl = login("etl");

    HqlRunner runner = new HqlRunner(etl);
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.DATABASES), vars(HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT, HqlFiles.RESTRICTED_ROOT,
        HqlFiles.SNAPSHOT_ROOT));
    runner.run(script(HqlFiles.ENTITLEMENTS), Map.of(HqlFiles.ENTITLEMENTS_ROOT, entitlementsRoot()));
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
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.CONDITION_CODE_MAP), vars(HqlFiles.SNAPSHOT_ROOT));
    runner.run(script(HqlFiles.LAB_REFERENCE_RANGES), vars(HqlFiles.SNAPSHOT_ROOT));
    System.out.printf("reference tables in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.PATIENT_PROFILE), snapshotVars(D2));
    System.out.printf("patient_profile %s in %d ms%n", D2, (System.nanoTime() - t0) / 1_000_000);
    t0 = System.nanoTime();
    runner.run(script(HqlFiles.BILLING_RECONCILIATION), snapshotVars(D2));
    System.out.printf("billing_reconciliation %s in %d ms%n", D2, (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  void stopHive() throws SQLException {
    if (etl != null) {
      etl.close();
    }
    if (hive != null) {
      hive.close();
    }
    HiveRangerPlugin.stopAll();
  }

  static Connection login(String user) throws SQLException {
    return hive.login(user, PASSWORDS.get(user));
  }

  static String entitlementsRoot() {
    return entitlements.toUri().toString().replaceAll("/$", "");
  }

  /** Replaces entitlements/analyst_organizations/ with one CSV file of these "analyst,organization" rows. */
  static void writeEntitlements(String... rows) throws Exception {
    Path dir = Files.createDirectories(entitlements.resolve("analyst_organizations"));
    Files.writeString(dir.resolve("analyst_organizations.csv"),
        "analyst,organization\n" + String.join("\n", rows) + "\n");
  }

  @Test
  void serverStartsQuicklyAndSessionsSeeHiveSiteAndTheLoggedInUser() throws Exception {
    assertThat(startMillis).isLessThan(120_000);
    try (Connection c = login("analyst1"); Statement st = c.createStatement()) {
      assertThat(single(st, "SELECT current_user()")).isEqualTo("analyst1");
      // an extra setting written to hive-site.xml reaches the session configuration
      assertThat(single(st, "SET carelake.test.marker")).isEqualTo("carelake.test.marker=from-hive-site");
    }
    assertThat(Files.readString(hive.hiveSite())).contains("carelake.test.marker")
        .contains("hive.server2.authentication</name><value>CUSTOM");
    assertThat(hive.jdbcUrl("clinical")).isEqualTo("jdbc:hive2://localhost:" + hive.port() + "/clinical");
  }

  @Test
  void aLoginNeedsTheRightPassword() throws Exception {
    assertThatThrownBy(() -> hive.login("analyst1", "analyst2-secret")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> hive.login("analyst1", "")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> hive.login("nobody", "analyst1-secret")).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> hive.connect("etl")).as("no password").isInstanceOf(SQLException.class);
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
    Path dir = tmp.resolve("lake").resolve("types");
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
    try (Connection c = login("etl"); Statement st = c.createStatement()) {
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
          .isEqualTo(D1 + "|3;" + D2 + "|12;" + D3 + "|2");
      assertThat(rows(st, "SELECT patient_token, ssn, birthdate, zip FROM phi_restricted.patients WHERE dt = '" + D1
          + "'")).isEqualTo(ANN + "|999-00-0001|1980-07-04|02138");
      assertThat(rows(st, "SELECT reason, column_name, dt FROM phi_restricted.patients_quarantine"))
          .isEqualTo("REQUIRED_MISSING|birthdate|" + D1);
    }
  }

  @Test
  void theReferenceTablesHoldSyntheasCodeMapAndTheLabRanges() throws Exception {
    try (Statement st = etl.createStatement()) {
      assertThat(rows(st, "SELECT count(*), count(DISTINCT snomed_code), sum(IF(preferred, 1, 0)) "
          + "FROM snapshot.condition_code_map")).isEqualTo("1891|574|574");
      assertThat(rows(st, "SELECT icd10cm_code FROM snapshot.condition_code_map WHERE snomed_code = '59621000' "
          + "AND preferred")).isEqualTo("I10");
      assertThat(rows(st, "SELECT snomed_display FROM snapshot.condition_code_map WHERE snomed_code = '230265002' "
          + "AND choice = 1")).as("a quote inside a literal").contains("Alzheimer's");
      assertThat(rows(st, "SELECT low, high FROM snapshot.lab_reference_range WHERE loinc_code = '2085-9'"))
          .isEqualTo("40.0|null");
    }
  }

  @Test
  void patientProfileIsTheLatestVersionAsOfDtAndARerunReplacesIt() throws Exception {
    Map<String, Map<String, Object>> p = profiles(D2);
    List<String> expectedKeys = new ArrayList<>(List.of(ANN, BOB, CAL, EVE));
    expectedKeys.addAll(COHORT);
    assertThat(p.keySet()).as("Eve was imported on D1 only; Dee on D3").containsExactlyInAnyOrderElementsOf(expectedKeys);

    Map<String, Object> ann = p.get(ANN);
    assertThat(ann.get("age_band")).isEqualTo("35-49");
    assertThat(ann.get("deceased")).isEqualTo(false);
    assertThat(ann.get("sex")).isEqualTo("F");
    assertThat(ann.get("zip3")).as("D2's version of the patient row wins over D1's").isEqualTo("024");
    assertThat(ann.get("state")).isEqualTo("Massachusetts");
    assertThat(ann.get("demographic_cell_size")).as("Ann and the ten of the cohort").isEqualTo(11L);
    assertThat(ann.get("encounter_count")).as("e2 re-imported on D2 counts once; D3's e3 is ignored")
        .isEqualTo(2L);
    assertThat(ann.get("encounters_ambulatory")).isEqualTo(1L);
    assertThat(ann.get("encounters_emergency")).isEqualTo(1L);
    assertThat(ann.get("encounters_wellness")).isEqualTo(0L);
    assertThat(ann.get("encounters_other")).isEqualTo(0L);
    assertThat(ann.get("organization")).isEqualTo("org-2");
    assertThat(ann.get("active_conditions")).as("c2 got a stop date on D2; 44054006 appears twice")
        .isEqualTo("44054006,59621000");
    assertThat(ann.get("active_condition_count")).isEqualTo(2L);
    assertThat(ann.get("active_conditions_icd10")).as("Synthea's map, the preferred alternative")
        .isEqualTo("E11.9,I10");
    assertThat(ann.get("heart_rate")).as("o5 was corrected on D2 to another code").isEqualTo(80.5);
    assertThat(ann.get("heart_rate_time")).isEqualTo(ts("2024-02-01 09:30:15.123456"));
    assertThat(ann.get("systolic_bp")).isEqualTo(120.0);
    assertThat(ann.get("systolic_bp_time")).isEqualTo(ts("2024-02-01 09:30:00"));
    assertThat(ann.get("diastolic_bp")).isEqualTo(80.0);
    assertThat(ann.get("diastolic_bp_time")).isEqualTo(ts("2024-02-01 09:30:00"));
    assertThat(ann.get("respiratory_rate")).as("o5 became a respiratory rate on D2").isEqualTo(95.0);
    assertThat(ann.get("body_weight")).isEqualTo(70.2);
    assertThat(ann.get("body_height")).isNull();
    assertThat(ann.get("lab_result_count")).as("l1, l2, l3 and l4 are numeric; l5 is text").isEqualTo(4L);
    assertThat(ann.get("abnormal_lab_count")).as("l1 corrected to normal on D2; l3 low; l4 in other units")
        .isEqualTo(1L);
    assertThat(ann.get("device_count")).isEqualTo(2L);
    assertThat(ann.get("active_devices")).isEqualTo("706180003");
    assertThat(ann.get("claim_count")).isEqualTo(2L);
    assertThat(ann.get("claims_billed")).isEqualTo(1L);
    assertThat(ann.get("claims_closed")).isEqualTo(1L);
    assertThat(ann.get("claims_other")).isEqualTo(0L);
    assertThat((BigDecimal) ann.get("total_charges")).isEqualByComparingTo("125.50");
    assertThat((BigDecimal) ann.get("total_payments")).as("t2's payment corrected on D2").isEqualByComparingTo("70.00");
    assertThat((BigDecimal) ann.get("outstanding_balance")).isEqualByComparingTo("25.50");

    Map<String, Object> bob = p.get(BOB);
    assertThat(bob.get("age_band")).isEqualTo("90+");
    assertThat(bob.get("deceased")).isEqualTo(true);
    assertThat(bob.get("zip3")).isEqualTo("000");
    assertThat(bob.get("demographic_cell_size")).isEqualTo(1L);
    assertThat(bob.get("encounter_count")).isEqualTo(1L);
    assertThat(bob.get("encounters_wellness")).isEqualTo(1L);
    assertThat(bob.get("organization")).isEqualTo("org-1");
    assertThat(bob.get("active_condition_count")).isEqualTo(0L);
    assertThat(bob.get("active_conditions")).isEqualTo("");
    assertThat(bob.get("active_conditions_icd10")).isEqualTo("");
    assertThat(bob.get("heart_rate")).isEqualTo(66.0);
    assertThat(bob.get("systolic_bp")).isNull();
    assertThat(bob.get("lab_result_count")).isEqualTo(1L);
    assertThat(bob.get("abnormal_lab_count")).isEqualTo(1L);
    assertThat(bob.get("device_count")).isEqualTo(0L);
    assertThat(bob.get("claim_count")).isEqualTo(1L);
    assertThat(bob.get("claims_closed")).isEqualTo(1L);
    assertThat((BigDecimal) bob.get("total_charges")).isEqualByComparingTo("1000.00");
    assertThat((BigDecimal) bob.get("total_payments")).isEqualByComparingTo("1000.00");
    assertThat((BigDecimal) bob.get("outstanding_balance")).isEqualByComparingTo("0.00");

    Map<String, Object> cal = p.get(CAL);
    assertThat(cal.get("age_band")).isEqualTo("0-17");
    assertThat(cal.get("encounter_count")).isEqualTo(0L);
    assertThat(cal.get("encounters_ambulatory")).isEqualTo(0L);
    assertThat(cal.get("active_condition_count")).isEqualTo(0L);
    assertThat(cal.get("active_conditions")).isEqualTo("");
    assertThat(cal.get("organization")).isNull();
    assertThat(cal.get("heart_rate")).isNull();
    assertThat(cal.get("lab_result_count")).isEqualTo(0L);
    assertThat(cal.get("claim_count")).isEqualTo(0L);
    assertThat((BigDecimal) cal.get("total_charges")).isEqualByComparingTo("0.00");
    assertThat((BigDecimal) cal.get("outstanding_balance")).isEqualByComparingTo("0.00");

    // a rerun for the same date replaces the partition: same rows, no duplicates
    long t0 = System.nanoTime();
    new HqlRunner(etl).run(script(HqlFiles.PATIENT_PROFILE), snapshotVars(D2));
    System.out.printf("patient_profile %s rerun in %d ms%n", D2, (System.nanoTime() - t0) / 1_000_000);
    assertThat(profiles(D2)).isEqualTo(p);
    try (Statement st = etl.createStatement()) {
      assertThat(rows(st, "SELECT count(*), count(DISTINCT patient_token) FROM snapshot.patient_profile "
          + "WHERE dt = '" + D2 + "'")).isEqualTo("14|14");
    }
  }

  @Test
  void patientProfileOfAnEarlierDateSeesOnlyWhatWasImportedByThen() throws Exception {
    new HqlRunner(etl).run(script(HqlFiles.PATIENT_PROFILE), snapshotVars(D1));
    Map<String, Map<String, Object>> p = profiles(D1);
    assertThat(p.keySet()).containsExactly(ANN, CAL, EVE);
    Map<String, Object> ann = p.get(ANN);
    assertThat(ann.get("zip3")).isEqualTo("021");
    assertThat(ann.get("demographic_cell_size")).isEqualTo(1L);
    assertThat(ann.get("active_conditions")).isEqualTo("195662009,44054006");
    assertThat(ann.get("active_conditions_icd10")).isEqualTo("E11.9,J02.9");
    assertThat(ann.get("heart_rate")).as("o5 was still a heart rate on D1").isEqualTo(95.0);
    assertThat(ann.get("heart_rate_time")).isEqualTo(ts("2024-02-05 08:00:00"));
    assertThat(ann.get("systolic_bp")).isEqualTo(135.0);
    assertThat(ann.get("lab_result_count")).isEqualTo(2L);
    assertThat(ann.get("abnormal_lab_count")).as("l1 was 130 mg/dL on D1").isEqualTo(1L);
    assertThat(ann.get("device_count")).isEqualTo(1L);
    assertThat(ann.get("claim_count")).isEqualTo(1L);
    assertThat((BigDecimal) ann.get("total_payments")).isEqualByComparingTo("60.00");
    assertThat((BigDecimal) ann.get("total_charges")).isEqualByComparingTo("100.00");
  }

  @Test
  void billingReconciliationFindsEachKindOfDisagreementOnce() throws Exception {
    try (Statement st = etl.createStatement()) {
      assertThat(rows(st, "SELECT finding, patient_token, organization, claim_token, encounter_token, snomed_code, "
          + "icd10cm_code, charges, settled, outstanding, difference FROM snapshot.billing_reconciliation "
          + "WHERE dt = '" + D2 + "' ORDER BY finding"))
          .isEqualTo(String.join(";",
              // c1 was charged 100.00; 70.00 paid (t2 corrected on D2), nothing adjusted or outstanding
              "CHARGES_PAYMENTS_MISMATCH|" + ANN + "|org-1|c1|e1|null|null|100.00|70.00|0.00|30.00",
              // c3 names an encounter that does not exist; Bob's latest encounter is at org-1
              "CLAIM_WITHOUT_ENCOUNTER|" + BOB + "|org-1|c3|e-gone|null|null|null|null|null|null",
              // Ann's acute viral pharyngitis (recorded at e1) appears on no claim
              "CONDITION_NEVER_BILLED|" + ANN + "|org-1|null|e1|195662009|J02.9|null|null|null|null",
              // c2 bills a general examination (a code Synthea's map does not know) Ann has no condition for
              "DIAGNOSIS_WITHOUT_CLINICAL_RECORD|" + ANN + "|org-2|c2|e2|162673000|null|null|null|null|null"));
      assertThat(rows(st, "SELECT count(*) FROM snapshot.condition_code_map WHERE snomed_code = '162673000'"))
          .isEqualTo("0");
    }
  }

  // ---- the lake -----------------------------------------------------------------------------

  /**
   * Three imports. D1: the first. D2: changes (Ann moved; a condition stopped; an observation and a
   * lab result corrected; a payment corrected) and new rows. D3: a later day that snapshots of D1/D2
   * ignore. Organizations: e1 and e4 at org-1, e2 at org-2, e3 and e5 at org-3.
   */
  static void writeLake() throws Exception {
    lake.general("patients", D1, List.of(
        patient("p-ann-1", ANN, 1980, null, "F", "021"),
        patient("p-cal-1", CAL, 2015, null, "M", "017"),
        patient("p-eve-1", EVE, 1999, null, "F", "010")));
    List<Map<String, Object>> d2 = new ArrayList<>(List.of(patient("p-bob-1", BOB, 1930, 2023, "M", "000"),
        patient("p-ann-1", ANN, 1980, null, "F", "024")));
    for (int i = 0; i < COHORT.size(); i++) {
      d2.add(patient("p-k-" + i, COHORT.get(i), 1982, null, "F", "024"));
    }
    lake.general("patients", D2, d2);
    lake.general("patients", D3, List.of(patient("p-ann-1", ANN, 1980, null, "F", "999"),
        patient("p-dee-1", DEE, 1970, null, "F", "020")));

    lake.general("encounters", D1, List.of(
        encounter("r-e1", "e1", ANN, "2023-05-01T10:00", "org-1", "ambulatory"),
        encounter("r-e2", "e2", ANN, "2024-01-10T09:00", "org-2", "emergency")));
    lake.general("encounters", D2, List.of(
        encounter("r-e2", "e2", ANN, "2024-01-10T09:00", "org-2", "emergency"),
        encounter("r-e4", "e4", BOB, "2022-02-02T08:00", "org-1", "wellness")));
    lake.general("encounters", D3, List.of(encounter("r-e3", "e3", ANN, "2024-03-03T08:00", "org-3", "ambulatory"),
        encounter("r-e5", "e5", DEE, "2024-03-03T09:00", "org-3", "ambulatory")));

    // the limited data set keeps the encounters' dates as they are (the general zone's are shifted)
    lake.limited("encounters", D2, List.of(
        encounter("r-e2", "e2", ANN, "2024-01-10T09:00", "org-2", "emergency"),
        encounter("r-e4", "e4", BOB, "2022-02-02T08:00", "org-1", "wellness")));

    lake.general("conditions", D1, List.of(
        condition("r-c1", ANN, "44054006", "e1", null),
        condition("r-c2", ANN, "195662009", "e1", null),
        condition("r-c3", ANN, "44054006", "e1", null)));
    lake.general("conditions", D2, List.of(
        condition("r-c2", ANN, "195662009", "e1", LocalDate.of(2024, 2, 20)),
        condition("r-c4", ANN, "59621000", "e2", null),
        condition("r-c5", BOB, "38341003", "e4", LocalDate.of(2021, 1, 1))));
    lake.general("conditions", D3, List.of(condition("r-c6", DEE, "10509002", "e5", null)));

    lake.general("observations", D1, List.of(
        observation("r-o1", ANN, "8867-4", "72.0", "2024-01-10T10:00"),
        observation("r-o4", ANN, "8480-6", "135", "2023-12-01T10:00"),
        observation("r-o5", ANN, "8867-4", "95", "2024-02-05T08:00"),
        observation("r-o8", ANN, "29463-7", "70.2", "2024-02-06T08:00"),
        lab("r-l1", ANN, "2339-0", "130", "mg/dL", "numeric"),
        lab("r-l2", ANN, "4548-4", "5.4", "%", "numeric")));
    lake.general("observations", D2, List.of(
        observation("r-o2", ANN, "8867-4", "80.5", "2024-02-01T09:30:15.123456"),
        observation("r-o3s", ANN, "8480-6", "120.0", "2024-02-01T09:30"),
        observation("r-o3d", ANN, "8462-4", "80.0", "2024-02-01T09:30"),
        observation("r-o5", ANN, "9279-1", "95", "2024-02-05T08:00"),
        observation("r-o7", BOB, "8867-4", "66", "2022-02-02T08:10"),
        lab("r-l1", ANN, "2339-0", "95", "mg/dL", "numeric"),
        lab("r-l3", ANN, "2085-9", "35", "mg/dL", "numeric"),
        lab("r-l4", ANN, "2339-0", "7.0", "mmol/L", "numeric"),
        lab("r-l5", ANN, "5802-4", "positive", "{nominal}", "text"),
        lab("r-l6", BOB, "718-7", "11.0", "g/dL", "numeric")));
    lake.general("observations", D3, List.of(observation("r-o6", ANN, "8867-4", "60", "2024-03-03T08:00")));

    lake.general("devices", D1, List.of(device("r-d1", ANN, "706180003", "2023-05-01T10:30", null)));
    lake.general("devices", D2, List.of(device("r-d2", ANN, "337414009", "2024-01-10T09:30", "2024-01-20T09:30")));

    lake.general("claims", D1, List.of(
        claim("r-k1", "c1", ANN, "e1", List.of("44054006"), "CLOSED", null, "CLOSED", null, null)));
    lake.general("claims", D2, List.of(
        claim("r-k2", "c2", ANN, "e2", List.of("59621000", "162673000"), "BILLED", "", "BILLED", "20.00", "5.50"),
        claim("r-k3", "c3", BOB, "e-gone", List.of("38341003"), "CLOSED", "", "CLOSED", null, null)));

    lake.general("claims_transactions", D1, List.of(
        transaction("r-t1", "t1", "c1", ANN, "CHARGE", "100.00", null),
        transaction("r-t2", "t2", "c1", ANN, "PAYMENT", null, "60.00"),
        transaction("r-t4", "t4", "c1", ANN, "ADJUSTMENT", null, null)));
    lake.general("claims_transactions", D2, List.of(
        transaction("r-t2", "t2", "c1", ANN, "PAYMENT", null, "70.00"),
        transaction("r-t3", "t3", "c2", ANN, "CHARGE", "25.50", null),
        transaction("r-t5", "t5", "c3", BOB, "CHARGE", "1000.00", null),
        transaction("r-t6", "t6", "c3", BOB, "PAYMENT", null, "1000.00")));
    lake.general("claims_transactions", D3, List.of(transaction("r-t7", "t7", "c1", ANN, "CHARGE", "500.00", null)));

    lake.restricted("patients", D1, List.of(row("patient_token", ANN, "record_token", ANN, "id", "MRN-0001",
        "birthdate", LocalDate.of(1980, 7, 4), "ssn", "999-00-0001", "first", "Ann", "zip", "02138")));
    lake.restricted("patients", D2, List.of(row("patient_token", BOB, "record_token", BOB, "id", "MRN-0002",
        "birthdate", LocalDate.of(1930, 1, 2), "ssn", "999-00-0002", "first", "Bob", "zip", "00501")));
    lake.quarantine("patients", D1, List.of(row("reason", "REQUIRED_MISSING", "column_name", "birthdate",
        "detail", "birthdate is empty", "source_record", "{\"row_id\": 17}")));
  }

  static Map<String, Object> patient(String rowId, String token, int birthYear, Integer deathYear, String gender,
      String zip3) {
    return row("row_id", rowId, "id", token, "birthdate_year", birthYear, "deathdate_year", deathYear,
        "gender", gender, "state", "Massachusetts", "zip3", zip3, "healthcare_expenses", new BigDecimal("10.00"),
        "income", 50_000L);
  }

  static Map<String, Object> encounter(String rowId, String id, String patient, String start, String org,
      String encounterClass) {
    return row("row_id", rowId, "id", id, "patient", patient, "start", LocalDateTime.parse(start),
        "organization", org, "encounterclass", encounterClass, "base_encounter_cost", new BigDecimal("85.55"));
  }

  static Map<String, Object> condition(String rowId, String patient, String code, String encounter, LocalDate stop) {
    return row("row_id", rowId, "start", LocalDate.of(2020, 6, 15), "stop", stop, "patient", patient,
        "encounter", encounter, "code", code);
  }

  static Map<String, Object> observation(String rowId, String patient, String code, String value, String date) {
    return row("row_id", rowId, "date", LocalDateTime.parse(date), "patient", patient, "category", "vital-signs",
        "code", code, "value", value, "type", "numeric");
  }

  static Map<String, Object> lab(String rowId, String patient, String code, String value, String units, String type) {
    return row("row_id", rowId, "date", LocalDateTime.of(2024, 1, 10, 11, 0), "patient", patient,
        "category", "laboratory", "code", code, "value", value, "units", units, "type", type);
  }

  static Map<String, Object> device(String rowId, String patient, String code, String start, String stop) {
    return row("row_id", rowId, "start", LocalDateTime.parse(start), "stop", stop == null ? null
        : LocalDateTime.parse(stop), "patient", patient, "encounter", "e1", "code", code);
  }

  static Map<String, Object> claim(String rowId, String id, String patient, String appointment, List<String> dx,
      String status1, String status2, String statusp, String outstanding1, String outstandingp) {
    Map<String, Object> m = row("row_id", rowId, "id", id, "patientid", patient, "appointmentid", appointment,
        "status1", status1, "status2", status2, "statusp", statusp,
        "outstanding1", outstanding1 == null ? null : new BigDecimal(outstanding1),
        "outstandingp", outstandingp == null ? null : new BigDecimal(outstandingp),
        "servicedate", LocalDateTime.of(2024, 1, 10, 9, 0));
    for (int i = 0; i < dx.size(); i++) {
      m.put("diagnosis" + (i + 1), dx.get(i));
    }
    return m;
  }

  static Map<String, Object> transaction(String rowId, String id, String claim, String patient, String type,
      String amount, String payments) {
    return row("row_id", rowId, "id", id, "claimid", claim, "patientid", patient, "type", type,
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

  static Map<String, String> snapshotVars(String dt) {
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

  /** Audit events of this server so far. */
  static List<Map<String, Object>> audit() {
    return AuditTrail.events(auditDir);
  }

  static Map<String, Object> awaitAudit(java.util.function.Predicate<Map<String, Object>> p)
      throws InterruptedException {
    return AuditTrail.await(auditDir, p, Duration.ofSeconds(20));
  }
}
