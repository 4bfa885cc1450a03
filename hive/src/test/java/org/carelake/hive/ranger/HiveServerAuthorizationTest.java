package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.carelake.hive.server.LocalHiveServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HiveServer2 in-process behind the authorizer with the repository's policies and groups (plus one
 * file of row-filter and mask policies on a demo table): the pipeline's statements as etl,
 * analysts and stewards over JDBC (and scripts/beeline), denials as SQLState 42000, the audit
 * lines they leave, and Hive applying the filter and mask, through a view too.
 */
class HiveServerAuthorizationTest {
  static final String DT = "2024-03-01";

  @TempDir
  static Path tmp;
  static Path lake;
  static Path auditDir;
  static LocalHiveServer hive;

  @BeforeAll
  static void startHiveAsTheAuthorizedLake() throws Exception {
    lake = tmp.resolve("lake");
    write(lake.resolve("general/encounters/dt=" + DT + "/part-0.txt"), "tok-a,E11.9\ntok-b,I10\ntok-a,I10\n");
    write(lake.resolve("restricted/patients/dt=" + DT + "/part-0.txt"), "tok-a,999-00-0001\ntok-b,999-00-0002\n");

    write(lake.resolve("general/vitals/part-0.txt"), "tok-a,org-1,72.0\ntok-b,org-2,80.0\ntok-c,org-1,64.0\n");

    Path policies = RangerTestSupport.copyOfPolicies(tmp, "policies");
    Files.writeString(policies.resolve("masks.json"), MASKS);
    Path hiveBase = tmp.resolve("hive");
    AuthorizationSettings settings = new AuthorizationSettings(policies, RangerTestSupport.repoGroups(),
        hiveBase.resolve("ranger-audit"), hiveBase.resolve("ranger-cache"));
    auditDir = settings.auditDir();
    hive = LocalHiveServer.builder().baseDir(hiveBase).extraSettings(settings.hiveSiteEntries())
        .build().start();

    String root = lake.toUri().toString().replaceAll("/$", "");
    try (Connection etl = hive.connect("etl"); Statement s = etl.createStatement()) {
      // The shapes of hive/hql: databases inside their zones, external partitioned tables, partitions by location.
      s.execute("CREATE DATABASE IF NOT EXISTS clinical LOCATION '" + root + "/general/_hive/clinical.db'");
      s.execute("CREATE DATABASE IF NOT EXISTS phi_restricted LOCATION '" + root + "/restricted/_hive/phi_restricted.db'");
      s.execute("CREATE DATABASE IF NOT EXISTS snapshot LOCATION '" + root + "/snapshot/_hive/snapshot.db'");
      s.execute("CREATE EXTERNAL TABLE clinical.encounters (patient_token STRING, code STRING) PARTITIONED BY (dt STRING) "
          + "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION '" + root + "/general/encounters'");
      s.execute("ALTER TABLE clinical.encounters ADD IF NOT EXISTS PARTITION (dt='" + DT + "') LOCATION '" + root
          + "/general/encounters/dt=" + DT + "'");
      s.execute("CREATE EXTERNAL TABLE phi_restricted.patients (patient_token STRING, ssn STRING) PARTITIONED BY (dt STRING) "
          + "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION '" + root + "/restricted/patients'");
      s.execute("MSCK REPAIR TABLE phi_restricted.patients");
      s.execute("CREATE EXTERNAL TABLE snapshot.code_counts (code STRING, n BIGINT) STORED AS TEXTFILE LOCATION '"
          + root + "/snapshot/code_counts'");
      s.execute("INSERT OVERWRITE TABLE snapshot.code_counts SELECT code, count(*) FROM clinical.encounters "
          + "WHERE dt = '" + DT + "' GROUP BY code");
      s.execute("CREATE VIEW IF NOT EXISTS snapshot.encounter_codes AS SELECT patient_token, code FROM clinical.encounters");
      s.execute("DROP VIEW snapshot.encounter_codes");
      s.execute("CREATE VIEW snapshot.encounter_codes AS SELECT patient_token, code FROM clinical.encounters");
      s.execute("CREATE EXTERNAL TABLE clinical.vitals (patient_token STRING, org STRING, heart_rate DOUBLE) "
          + "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE LOCATION '" + root + "/general/vitals'");
      s.execute("CREATE VIEW snapshot.vitals_view AS SELECT patient_token, org, heart_rate FROM clinical.vitals");
    }
  }

  /** Analysts see clinical.vitals of org-1 only, with hashed tokens (Ranger export format, policy types 2 and 1). */
  static final String MASKS = """
      {"metaDataInfo": {"Exported by": "test"}, "policies": [
        {"id": 101, "name": "analysts: vitals of org-1 only", "service": "carelake_hive", "policyType": 2,
         "isEnabled": true, "isAuditEnabled": true, "serviceType": "hive",
         "resources": {"database": {"values": ["clinical"]}, "table": {"values": ["vitals"]}},
         "rowFilterPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}], "groups": ["analysts"],
                                   "rowFilterInfo": {"filterExpr": "org = 'org-1'"}}]},
        {"id": 102, "name": "analysts: hashed tokens in vitals", "service": "carelake_hive", "policyType": 1,
         "isEnabled": true, "isAuditEnabled": true, "serviceType": "hive",
         "resources": {"database": {"values": ["clinical"]}, "table": {"values": ["vitals"]},
                       "column": {"values": ["patient_token"]}},
         "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}], "groups": ["analysts"],
                                  "dataMaskInfo": {"dataMaskType": "MASK_HASH"}}]}
      ]}
      """;

  @AfterAll
  static void stop() {
    if (hive != null) {
      hive.close();
    }
    HiveRangerPlugin.stopAll();
  }

  static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void analystReadsClinicalAndSnapshotButNotPhiRestricted() throws Exception {
    try (Connection analyst = hive.connect("analyst1")) {
      assertThat(rows(analyst, "SELECT patient_token, code FROM clinical.encounters WHERE dt = '" + DT + "'"))
          .containsExactlyInAnyOrder("tok-a|E11.9", "tok-b|I10", "tok-a|I10");
      assertThat(rows(analyst, "SELECT code, n FROM snapshot.code_counts")).containsExactlyInAnyOrder("E11.9|1", "I10|2");
      assertThat(rows(analyst, "SELECT count(*) FROM snapshot.encounter_codes")).containsExactly("3");
      assertThat(rows(analyst, "SHOW DATABASES")).containsExactly("clinical", "snapshot");

      assertThatThrownBy(() -> rows(analyst, "SELECT patient_token, ssn FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("Permission denied: user [analyst1] does not have [select] privilege on [phi_restricted/patients/")
          .hasMessageContaining("Ranger policy 6");
      assertThatThrownBy(() -> rows(analyst, "SELECT count(*) FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
      assertThatThrownBy(() -> analyst.createStatement().execute("USE phi_restricted"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
      assertThatThrownBy(() -> analyst.createStatement().execute("DROP TABLE clinical.encounters"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("[drop] privilege on [clinical/encounters]");
    }
    Map<String, Object> denied = RangerTestSupport.awaitAuditEvent(auditDir,
        e -> "analyst1".equals(e.get("reqUser")) && Integer.valueOf(0).equals(e.get("result"))
            && String.valueOf(e.get("resource")).startsWith("phi_restricted/patients"),
        Duration.ofSeconds(20));
    assertThat(denied).containsEntry("policy", 6).containsEntry("action", "select").containsEntry("access", "QUERY")
        .containsEntry("repo", "carelake_hive").containsKey("cliIP").containsEntry("agent", "hiveServer2");
  }

  @Test
  void stewardReadsPhiRestricted() throws Exception {
    try (Connection steward = hive.connect("steward1")) {
      assertThat(rows(steward, "SELECT patient_token, ssn FROM phi_restricted.patients WHERE dt = '" + DT + "'"))
          .containsExactlyInAnyOrder("tok-a|999-00-0001", "tok-b|999-00-0002");
      assertThat(rows(steward, "SHOW DATABASES")).containsExactly("clinical", "phi_restricted", "snapshot");
      assertThatThrownBy(() -> steward.createStatement().execute("ALTER TABLE phi_restricted.patients DROP PARTITION (dt='" + DT + "')"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    Map<String, Object> allowed = RangerTestSupport.awaitAuditEvent(auditDir,
        e -> "steward1".equals(e.get("reqUser")) && Integer.valueOf(1).equals(e.get("result"))
            && String.valueOf(e.get("resource")).startsWith("phi_restricted/patients"),
        Duration.ofSeconds(20));
    assertThat(allowed).containsEntry("policy", 5);
  }

  @Test
  void rowFiltersAndMasksApplyToAnalystsDirectlyAndThroughViews() throws Exception {
    try (Connection analyst = hive.connect("analyst2"); Connection steward = hive.connect("steward1")) {
      for (String source : List.of("clinical.vitals", "snapshot.vitals_view")) {
        List<String> seen = rows(analyst, "SELECT patient_token, org, heart_rate FROM " + source);
        assertThat(seen).as(source).hasSize(2).allSatisfy(r -> {
          String[] f = r.split("\\|");
          assertThat(f[0]).as("masked token").matches("[0-9a-f]{64}");
          assertThat(f[1]).isEqualTo("org-1");
        });
        assertThat(seen).extracting(r -> r.split("\\|")[2]).containsExactlyInAnyOrder("72.0", "64.0");
        assertThat(rows(steward, "SELECT patient_token, org FROM " + source)).as(source)
            .containsExactlyInAnyOrder("tok-a|org-1", "tok-b|org-2", "tok-c|org-1");
      }
    }
    Map<String, Object> masked = RangerTestSupport.awaitAuditEvent(auditDir,
        e -> "analyst2".equals(e.get("reqUser")) && Integer.valueOf(102).equals(e.get("policy")), Duration.ofSeconds(20));
    assertThat(masked).containsEntry("resource", "clinical/vitals/patient_token").containsEntry("action", "select");
  }

  @Test
  void anUnknownUserSeesNothing() throws Exception {
    try (Connection mallory = hive.connect("mallory")) {
      assertThat(rows(mallory, "SHOW DATABASES")).isEmpty();
      assertThatThrownBy(() -> rows(mallory, "SELECT code FROM clinical.encounters"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("user [mallory]");
    }
  }

  @Test
  void beelineScriptRunsQueriesAsTheGivenUserAndFailsOnDenial() throws Exception {
    Path beelineLib = RangerTestSupport.repoRoot().resolve("hive/target/beeline-lib");
    assertThat(Files.isDirectory(beelineLib)).as("hive/target/beeline-lib (copied at generate-resources)").isTrue();
    String url = hive.jdbcUrl();
    Result ok = beeline("-n", "analyst1", "-u", url, "-e", "SELECT code, n FROM snapshot.code_counts ORDER BY code");
    assertThat(ok.exit()).as(ok.toString()).isZero();
    assertThat(ok.stdout()).contains("'I10','2'").doesNotContain("999-00");

    Result denied = beeline("-n", "analyst1", "-u", url, "-e", "SELECT ssn FROM phi_restricted.patients");
    assertThat(denied.exit()).as(denied.toString()).isNotZero();
    assertThat(denied.stdout() + denied.stderr()).contains("Permission denied: user [analyst1]")
        .doesNotContain("999-00");

    Result steward = beeline("-n", "steward1", "-u", url, "-e", "SELECT count(*) FROM phi_restricted.patients");
    assertThat(steward.exit()).as(steward.toString()).isZero();
    assertThat(steward.stdout()).contains("'2'");
  }

  record Result(int exit, String stdout, String stderr) {
  }

  static Result beeline(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(RangerTestSupport.repoRoot().resolve("scripts/beeline").toString());
    cmd.addAll(List.of(args));
    Path out = tmp.resolve("beeline.out");
    Path err = tmp.resolve("beeline.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/beeline " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
