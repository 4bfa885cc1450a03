package org.carelake.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carelake.hive.HiveLakeIntegrationTest.ANN;
import static org.carelake.hive.HiveLakeIntegrationTest.BOB;
import static org.carelake.hive.HiveLakeIntegrationTest.COHORT;
import static org.carelake.hive.HiveLakeIntegrationTest.D2;
import static org.carelake.hive.HiveLakeIntegrationTest.DEE;
import static org.carelake.hive.HiveLakeIntegrationTest.PASSWORDS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * What each policy of ranger-policies/ (hive-policies.json, limited-data-set-policies.json) does,
 * over JDBC, on the server and lake of {@link HiveLakeIntegrationTest} (which implements this interface, so these tests share its one
 * HiveServer2): exact row counts under the row filters, masked values, the same through views and
 * in WHERE clauses, denials as SQLState 42000 with their audit records. The last test proves from
 * the audit trail that every policy of every file of ranger-policies/ decided something here: a
 * policy that silently matches nothing fails it.
 *
 * <p>Entitlements: analyst1 sees org-1, analyst2 org-2 and org-3. Encounters: e1 (Ann) and e4 (Bob)
 * at org-1, e2 (Ann) at org-2, e3 (Ann) and e5 (Dee) at org-3.
 */
interface PolicyEffects {
  ObjectMapper JSON = new ObjectMapper();

  static Connection as(String user) throws SQLException {
    return HiveLakeIntegrationTest.login(user);
  }

  /** The first column of every row, sorted. */
  static List<String> column(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(String.valueOf(rs.getString(1)));
      }
    }
    out.sort(null);
    return out;
  }

  static String rows(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      return HiveLakeIntegrationTest.rows(st, sql);
    }
  }

  static void denied(Connection c, String sql, String... messageParts) {
    assertThatThrownBy(() -> {
      try (Statement st = c.createStatement()) {
        st.execute(sql);
      }
    }).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
      assertThat(e.getSQLState()).isEqualTo("42000");
      assertThat(e.getMessage()).contains("Permission denied").contains(messageParts);
    });
  }

  static boolean is(Map<String, Object> e, String user, Object policy) {
    return user.equals(e.get("reqUser")) && policy.equals(e.get("policy"));
  }

  /** Waits for the audit line of a denial: this user, access type, resource and Hive operation, result 0. */
  static Map<String, Object> auditedDenial(String user, String action, String resource, String operation)
      throws InterruptedException {
    return HiveLakeIntegrationTest.awaitAudit(e -> user.equals(e.get("reqUser")) && action.equals(e.get("action"))
        && resource.equals(e.get("resource")) && operation.equals(e.get("access"))
        && Integer.valueOf(0).equals(e.get("result")));
  }

  @Test
  default void analystsSeeTheProfilesOfTheirOrganizationsOnly() throws Exception {
    String sql = "SELECT patient_token FROM snapshot.patient_profile WHERE dt = '" + D2 + "'";
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1")) {
      assertThat(column(a1, sql)).containsExactly(BOB);
      assertThat(column(a2, sql)).containsExactly(ANN);
      assertThat(column(s, sql)).hasSize(14);
      assertThat(column(a1, "SELECT finding FROM snapshot.billing_reconciliation WHERE dt = '" + D2 + "'"))
          .containsExactly("CHARGES_PAYMENTS_MISMATCH", "CLAIM_WITHOUT_ENCOUNTER", "CONDITION_NEVER_BILLED");
      assertThat(column(a2, "SELECT finding FROM snapshot.billing_reconciliation WHERE dt = '" + D2 + "'"))
          .containsExactly("DIAGNOSIS_WITHOUT_CLINICAL_RECORD");
    }
    Map<String, Object> filtered = HiveLakeIntegrationTest.awaitAudit(e -> is(e, "analyst1", 20)
        && "snapshot/patient_profile".equals(e.get("resource"))
        && String.valueOf(e.get("reqData")).startsWith("SELECT patient_token FROM"));
    assertThat(filtered).containsEntry("result", 1).containsEntry("repo", "carelake_hive").containsKey("cliIP");
    assertThat(filtered.get("reqGroups")).isEqualTo(List.of("analysts"));
    assertThat((String) filtered.get("reqData")).as("the statement, its literals replaced")
        .isEqualTo("SELECT patient_token FROM snapshot.patient_profile WHERE dt = ?");
  }

  @Test
  default void analystsSeeTheClinicalRowsOfTheirOrganizationsPatients() throws Exception {
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1")) {
      assertThat(column(a1, "SELECT id FROM clinical.encounters")).containsExactly("e1", "e4");
      assertThat(column(a2, "SELECT id FROM clinical.encounters")).containsExactly("e2", "e2", "e3", "e5");
      assertThat(column(s, "SELECT id FROM clinical.encounters")).hasSize(6);
      // patient-keyed tables: patients with any encounter at one of the analyst's organizations
      assertThat(column(a1, "SELECT patient FROM clinical.conditions")).containsExactly(ANN, ANN, ANN, ANN, ANN, BOB);
      assertThat(column(a2, "SELECT patient FROM clinical.conditions")).containsExactly(ANN, ANN, ANN, ANN, ANN, DEE);
      assertThat(column(s, "SELECT patient FROM clinical.conditions")).hasSize(7);
      assertThat(column(a1, "SELECT id FROM clinical.claims")).containsExactly("c1", "c2", "c3");
      assertThat(column(a2, "SELECT id FROM clinical.claims")).containsExactly("c1", "c2");
      assertThat(column(a1, "SELECT DISTINCT id FROM clinical.patients")).containsExactly(ANN, BOB);
      assertThat(column(a2, "SELECT DISTINCT id FROM clinical.patients")).containsExactly(ANN, DEE);
      assertThat(column(s, "SELECT count(*) FROM clinical.patients")).containsExactly("17");
      assertThat(column(a1, "SELECT count(*) FROM clinical.patients")).containsExactly("4");
    }
    for (int policy : new int[] {21, 22, 23, 24}) {
      HiveLakeIntegrationTest.awaitAudit(e -> is(e, "analyst2", policy) && Integer.valueOf(1).equals(e.get("result")));
    }
  }

  @Test
  default void analystsSeeOnlyTheirOwnEntitlementsAndCannotChangeThem() throws Exception {
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1");
        Connection etl = as("etl")) {
      assertThat(rows(a1, "SELECT analyst, organization FROM entitlements.analyst_organizations"))
          .isEqualTo("analyst1|org-1");
      assertThat(column(a2, "SELECT organization FROM entitlements.analyst_organizations")).containsExactly("org-2",
          "org-3");
      denied(s, "SELECT * FROM entitlements.analyst_organizations", "user [steward1]");
      denied(a1, "INSERT INTO entitlements.analyst_organizations VALUES ('analyst1', 'org-2')",
          "[update] privilege on [entitlements/analyst_organizations]");
      // the pipeline creates the table but cannot grant anyone anything
      denied(etl, "INSERT INTO entitlements.analyst_organizations VALUES ('analyst1', 'org-2')",
          "user [etl] does not have [update] privilege on [entitlements/analyst_organizations]");
    }
    Map<String, Object> refused = HiveLakeIntegrationTest.awaitAudit(e -> "etl".equals(e.get("reqUser"))
        && Integer.valueOf(0).equals(e.get("result"))
        && "entitlements/analyst_organizations".equals(e.get("resource")));
    assertThat(refused).containsEntry("action", "update");
    assertThat((String) refused.get("reqData")).isEqualTo("INSERT INTO entitlements.analyst_organizations VALUES (?, ?)");
  }

  @Test
  default void quasiIdentifiersAreMaskedForAnalystsNotForStewards() throws Exception {
    String profile = "SELECT patient_token, age_band, zip3, heart_rate_time FROM snapshot.patient_profile "
        + "WHERE dt = '" + D2 + "'";
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1")) {
      // Bob's cell (90+, M, 000) has 1 profile: suppressed; Ann's (35-49, F, 024) has 11: shown
      assertThat(rows(a1, profile)).isEqualTo(BOB + "|null|null|2022-01-01 00:00:00.0");
      assertThat(rows(a2, profile)).isEqualTo(ANN + "|35-49|024|2024-01-01 00:00:00.0");
      assertThat(rows(s, profile + " AND patient_token = '" + ANN + "'"))
          .isEqualTo(ANN + "|35-49|024|2024-02-01 09:30:15.123456");
      // event times and dates of the clinical tables: the year only
      assertThat(rows(a1, "SELECT id, `start` FROM clinical.encounters ORDER BY id"))
          .isEqualTo("e1|2023-01-01 00:00:00.0;e4|2022-01-01 00:00:00.0");
      assertThat(rows(s, "SELECT `start` FROM clinical.encounters WHERE id = 'e1'")).isEqualTo("2023-05-01 10:00:00.0");
      assertThat(column(a1, "SELECT DISTINCT `start` FROM clinical.conditions")).containsExactly("2020-01-01");
      assertThat(column(s, "SELECT DISTINCT `start` FROM clinical.conditions")).containsExactly("2020-06-15");
      assertThat(column(a1, "SELECT DISTINCT zip3 FROM clinical.patients")).containsExactly("null");
      assertThat(column(s, "SELECT DISTINCT zip3 FROM clinical.patients WHERE id = '" + BOB + "'"))
          .containsExactly("000");
    }
    for (int policy : new int[] {30, 31, 32, 33, 34}) {
      Map<String, Object> e = HiveLakeIntegrationTest.awaitAudit(x -> is(x, "analyst1", policy));
      assertThat(e).as("policy %d", policy).containsEntry("result", 1);
    }
  }

  @Test
  default void aMaskedColumnInAWhereClauseMatchesOnlyItsMaskedValue() throws Exception {
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1")) {
      String may = "SELECT count(*) FROM clinical.encounters WHERE month(`start`) = 5";
      assertThat(column(a1, may)).as("e1 is in May, but analysts see January").containsExactly("0");
      assertThat(column(s, may)).containsExactly("1");
      String bobsZip = "SELECT count(*) FROM snapshot.patient_profile WHERE dt = '" + D2 + "' AND zip3 = '000'";
      assertThat(column(a1, bobsZip)).as("Bob's ZIP3 is suppressed: probing it finds nothing").containsExactly("0");
      assertThat(column(s, bobsZip)).containsExactly("1");
      String annsZip = "SELECT count(*) FROM snapshot.patient_profile WHERE dt = '" + D2 + "' AND zip3 = '024'";
      assertThat(column(a2, annsZip)).as("a large cell is shown, within the row filter").containsExactly("1");
      assertThat(column(s, annsZip)).containsExactly(Integer.toString(1 + COHORT.size()));
    }
  }

  @Test
  default void filtersAndMasksApplyThroughViewsToo() throws Exception {
    try (Connection etl = as("etl"); Statement st = etl.createStatement()) {
      st.execute("CREATE VIEW IF NOT EXISTS snapshot.v_profile AS SELECT patient_token, age_band, zip3, "
          + "heart_rate_time, organization, dt FROM snapshot.patient_profile");
      st.execute("CREATE VIEW IF NOT EXISTS snapshot.v_encounters AS SELECT id, patient, organization, `start` "
          + "FROM clinical.encounters");
    }
    try (Connection a1 = as("analyst1"); Connection a2 = as("analyst2"); Connection s = as("steward1")) {
      assertThat(rows(a1, "SELECT patient_token, age_band, zip3, heart_rate_time FROM snapshot.v_profile "
          + "WHERE dt = '" + D2 + "'")).isEqualTo(BOB + "|null|null|2022-01-01 00:00:00.0");
      assertThat(rows(a2, "SELECT patient_token, zip3 FROM snapshot.v_profile WHERE dt = '" + D2 + "'"))
          .isEqualTo(ANN + "|024");
      assertThat(rows(a1, "SELECT id, `start` FROM snapshot.v_encounters ORDER BY id"))
          .isEqualTo("e1|2023-01-01 00:00:00.0;e4|2022-01-01 00:00:00.0");
      assertThat(column(a1, "SELECT count(*) FROM snapshot.v_encounters WHERE month(`start`) = 5"))
          .containsExactly("0");
      assertThat(column(s, "SELECT id FROM snapshot.v_encounters")).hasSize(6);
      // a view cannot be a way into the restricted zone
      denied(a1, "CREATE VIEW snapshot.mine AS SELECT ssn FROM phi_restricted.patients", "user [analyst1]");
    }
  }

  @Test
  default void deniedStatementsAreDeniedAndAuditedWithoutTheirLiterals() throws Exception {
    try (Connection a1 = as("analyst1"); Connection s = as("steward1"); Connection m = as("mallory")) {
      denied(a1, "SELECT patient_token FROM phi_restricted.patients WHERE ssn = '999-00-0001'",
          "user [analyst1] does not have [select] privilege on [phi_restricted/patients/", "Ranger policy 6");
      denied(a1, "USE phi_restricted", "[use] privilege on [phi_restricted]");
      denied(a1, "DROP TABLE clinical.encounters", "[drop] privilege on [clinical/encounters]");
      denied(a1, "CREATE TABLE clinical.copy AS SELECT * FROM clinical.encounters", "[create] privilege");
      denied(s, "ALTER TABLE phi_restricted.patients DROP PARTITION (dt='" + D2 + "')", "user [steward1]");
      denied(m, "SELECT code FROM clinical.encounters", "user [mallory]");
      assertThat(column(a1, "SHOW DATABASES")).containsExactly("clinical", "entitlements", "snapshot");
      assertThat(column(s, "SHOW DATABASES")).containsExactly("clinical", "clinical_limited", "phi_restricted", "snapshot");
      assertThat(column(m, "SHOW DATABASES")).isEmpty();
      assertThat(rows(s, "SELECT patient_token, ssn FROM phi_restricted.patients WHERE dt = '" + D2 + "'"))
          .isEqualTo(BOB + "|999-00-0002");
    }
    Map<String, Object> e = HiveLakeIntegrationTest.awaitAudit(x -> is(x, "analyst1", 6)
        && Integer.valueOf(0).equals(x.get("result")) && String.valueOf(x.get("reqData")).contains("WHERE ssn"));
    assertThat(e).containsEntry("action", "select").containsEntry("access", "QUERY").containsKey("cliIP")
        .containsKey("evtTime");
    assertThat((String) e.get("resource")).startsWith("phi_restricted/patients/");
    assertThat(e.get("reqGroups")).isEqualTo(List.of("analysts"));
    assertThat((String) e.get("reqData")).isEqualTo("SELECT patient_token FROM phi_restricted.patients WHERE ssn = ?");
    // every other denial has its line too; no policy grants these, so none is named (-1). USE is Ranger's
    // "_any" check, for which it reports -1 even though policy 6 denies (docs/STACK.md).
    assertThat(auditedDenial("analyst1", "_any", "phi_restricted", "SWITCHDATABASE"))
        .containsEntry("policy", -1).containsEntry("reqData", "USE phi_restricted");
    assertThat(auditedDenial("analyst1", "drop", "clinical/encounters", "DROPTABLE"))
        .containsEntry("policy", -1).containsEntry("reqData", "DROP TABLE clinical.encounters");
    assertThat(auditedDenial("analyst1", "create", "clinical/copy", "CREATETABLE_AS_SELECT"))
        .containsEntry("policy", -1)
        .containsEntry("reqData", "CREATE TABLE clinical.copy AS SELECT * FROM clinical.encounters");
    Map<String, Object> drop = auditedDenial("steward1", "alter", "phi_restricted/patients", "ALTERTABLE_DROPPARTS");
    assertThat((String) drop.get("reqData")).contains("DROP PARTITION").doesNotContain(D2);
    // a login the group file does not know has no groups: denied, audited with none
    Map<String, Object> unknown = auditedDenial("mallory", "select", "clinical/encounters/code", "QUERY");
    assertThat(unknown).containsEntry("policy", -1).containsEntry("reqData", "SELECT code FROM clinical.encounters");
    assertThat(unknown.get("reqGroups")).isEqualTo(List.of());
    // no audit line anywhere holds a literal of a statement
    assertThat(JSON.writeValueAsString(HiveLakeIntegrationTest.audit())).doesNotContain("999-00-0001");
  }

  /** Policy 100 (limited-data-set-policies.json): the limited data set keeps dates, so it is not the analysts'. */
  @Test
  default void theLimitedDataSetIsReadByResearchersStewardsAndEtlAndDeniedToEveryoneElse() throws Exception {
    String sql = "SELECT id, `start` FROM clinical_limited.encounters WHERE dt = '" + D2 + "' ORDER BY id";
    String asInTheSource = "e2|2024-01-10 09:00:00.0;e4|2022-02-02 08:00:00.0";
    try (Connection r = as("researcher1"); Connection s = as("steward1"); Connection etl = as("etl");
        Connection a1 = as("analyst1"); Connection m = as("mallory")) {
      assertThat(rows(r, sql)).isEqualTo(asInTheSource);
      assertThat(rows(s, sql)).isEqualTo(asInTheSource);
      assertThat(rows(etl, sql)).isEqualTo(asInTheSource);
      denied(a1, sql, "user [analyst1] does not have [select] privilege on [clinical_limited/encounters/",
          "Ranger policy 100");
      denied(m, sql, "user [mallory]", "Ranger policy 100");
      // the data use agreement covers the limited data set, nothing else
      denied(r, "SELECT id FROM clinical.encounters", "user [researcher1]");
    }
    for (String user : List.of("analyst1", "mallory")) {
      Map<String, Object> e = HiveLakeIntegrationTest.awaitAudit(x -> is(x, user, 100)
          && Integer.valueOf(0).equals(x.get("result"))
          && String.valueOf(x.get("resource")).startsWith("clinical_limited/encounters/"));
      assertThat(e).as(user).containsEntry("action", "select").containsEntry("access", "QUERY")
          .containsEntry("reqData", "SELECT id, `start` FROM clinical_limited.encounters WHERE dt = ? ORDER BY id");
    }
    Map<String, Object> read = HiveLakeIntegrationTest.awaitAudit(x -> is(x, "researcher1", 100)
        && Integer.valueOf(1).equals(x.get("result")));
    assertThat(read.get("reqGroups")).isEqualTo(List.of("lds_researchers"));
  }

  @Test
  default void permanentFunctionsAreTheEtlUsersOnly() throws Exception {
    try (Connection etl = as("etl"); Statement st = etl.createStatement(); Connection a1 = as("analyst1")) {
      st.execute("CREATE FUNCTION snapshot.abs_value AS 'org.apache.hadoop.hive.ql.udf.generic.GenericUDFAbs'");
      assertThat(HiveLakeIntegrationTest.single(st, "SELECT snapshot.abs_value(-3)")).isEqualTo("3");
      denied(a1, "CREATE FUNCTION snapshot.mine AS 'org.apache.hadoop.hive.ql.udf.generic.GenericUDFAbs'",
          "user [analyst1]");
      st.execute("DROP FUNCTION snapshot.abs_value");
    }
    HiveLakeIntegrationTest.awaitAudit(e -> is(e, "etl", 2) && "snapshot/abs_value".equals(e.get("resource")));
  }

  @Test
  default void beelineLogsInWithAPasswordAndFailsOnDenial() throws Exception {
    Path beelineLib = HiveLakeIntegrationTest.home.resolve("hive/target/beeline-lib");
    assertThat(Files.isDirectory(beelineLib)).as("hive/target/beeline-lib (copied at generate-resources)").isTrue();
    String url = HiveLakeIntegrationTest.hive.jdbcUrl();
    Beeline ok = beeline("-n", "steward1", "-p", PASSWORDS.get("steward1"), "-u", url, "-e",
        "SELECT count(*) FROM phi_restricted.patients");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.stdout()).contains("'2'");

    Beeline analyst = beeline("-n", "analyst2", "-p", PASSWORDS.get("analyst2"), "-u", url, "-e",
        "SELECT patient_token, zip3 FROM snapshot.patient_profile WHERE dt = '" + D2 + "'");
    assertThat(analyst.exit()).as(analyst.toString()).isZero();
    assertThat(analyst.stdout()).contains("'" + ANN + "','024'").doesNotContain(BOB);

    Beeline denied = beeline("-n", "analyst1", "-p", PASSWORDS.get("analyst1"), "-u", url, "-e",
        "SELECT ssn FROM phi_restricted.patients");
    assertThat(denied.exit()).as(denied.toString()).isNotZero();
    assertThat(denied.stdout() + denied.stderr()).contains("Permission denied: user [analyst1]")
        .doesNotContain("999-00");

    Beeline wrong = beeline("-n", "analyst1", "-p", "not-the-password", "-u", url, "-e", "SELECT 1");
    assertThat(wrong.exit()).as(wrong.toString()).isNotZero();
  }

  record Beeline(int exit, String stdout, String stderr) {
  }

  static Beeline beeline(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(HiveLakeIntegrationTest.home.resolve("scripts/beeline").toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(HiveLakeIntegrationTest.tmp, "beeline", ".out");
    Path err = Files.createTempFile(HiveLakeIntegrationTest.tmp, "beeline", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/beeline did not finish in 120 s");
    }
    return new Beeline(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * Ranger's classic failure: a row-filter policy whose database does not match (here "snapshots";
   * Hive names match case-insensitively) is valid, loads, and filters nothing, with no error. The row-count check of
   * analystsSeeTheProfilesOfTheirOrganizationsOnly is what catches it; this test proves it would.
   */
  @Test
  @Order(Integer.MAX_VALUE - 1)
  default void aRowFilterPolicyThatMatchesNothingIsCaughtByTheRowCounts() throws Exception {
    Path file = HiveLakeIntegrationTest.policies.resolve("hive-policies.json");
    String original = Files.readString(file);
    JsonNode doc = JSON.readTree(original);
    for (JsonNode p : doc.get("policies")) {
      if (p.get("id").asInt() == 20) {
        ((com.fasterxml.jackson.databind.node.ArrayNode) p.get("resources").get("database").get("values"))
            .removeAll().add("snapshots");
      }
    }
    String sql = "SELECT patient_token FROM snapshot.patient_profile WHERE dt = '" + D2 + "'";
    try (Connection a1 = as("analyst1")) {
      Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      try {
        List<String> seen = awaitChange(a1, sql, List.of(BOB));
        assertThat(seen).as("unfiltered: the check would fail").hasSize(14).isNotEqualTo(List.of(BOB));
      } finally {
        Files.writeString(file, original);
      }
      assertThat(awaitChange(a1, sql, seenOf(a1, sql))).containsExactly(BOB);
    }
  }

  private static List<String> seenOf(Connection c, String sql) throws SQLException {
    return column(c, sql);
  }

  /** Polls (Ranger re-reads the files every second here) until the rows differ from {@code before}. */
  private static List<String> awaitChange(Connection c, String sql, List<String> before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<String> now = column(c, sql);
      if (!now.equals(before)) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        return now;
      }
      Thread.sleep(500);
    }
  }

  /**
   * Runs last: every policy of every file of ranger-policies/ (the authorizer loads them all) decided at
   * least one statement above (allowed, denied, filtered or masked).
   */
  @Test
  @Order(Integer.MAX_VALUE)
  default void everyPolicyOfTheFileDecidedSomethingOverJdbc() throws Exception {
    Set<Integer> inFile = new TreeSet<>();
    List<Path> files;
    try (var list = Files.list(HiveLakeIntegrationTest.home.resolve("ranger-policies"))) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).extracting(f -> f.getFileName().toString())
        .contains("hive-policies.json", "limited-data-set-policies.json");
    for (Path f : files) {
      JSON.readTree(f.toFile()).get("policies").forEach(p -> inFile.add(p.get("id").asInt()));
    }
    assertThat(inFile).contains(1, 6, 20, 30, 100);
    Set<Integer> seen = new TreeSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    do {
      seen = HiveLakeIntegrationTest.audit().stream().map(e -> e.get("policy")).filter(Integer.class::isInstance)
          .map(Integer.class::cast).collect(Collectors.toCollection(TreeSet::new));
      if (seen.containsAll(inFile)) {
        break;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    Set<Integer> never = new TreeSet<>(inFile);
    never.removeAll(seen);
    assertThat(never).as("policies of %s that decided nothing in this test", files).isEmpty();
  }
}
