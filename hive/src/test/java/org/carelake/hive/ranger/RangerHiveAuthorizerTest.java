package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carelake.hive.ranger.RangerTestSupport.context;
import static org.carelake.hive.ranger.RangerTestSupport.database;
import static org.carelake.hive.ranger.RangerTestSupport.table;
import static org.carelake.hive.ranger.RangerTestSupport.uri;
import static org.carelake.hive.ranger.RangerTestSupport.written;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAccessControlException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthorizer;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzPluginException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivObjectActionType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorizer as HiveServer2 drives it (factory, session user, Hive privilege objects) over
 * the repository's policies, with Ranger's real engine and audit pipeline; no HiveServer2.
 */
class RangerHiveAuthorizerTest {
  private static final HiveAuthzContext FROM = context("10.1.2.3",
      "SELECT patient_token FROM phi_restricted.claims WHERE ssn = '999-00-0009' -- the statement is audited redacted");

  @TempDir
  static Path base;
  private static HiveConf conf;
  private static Path auditDir;

  @BeforeAll
  static void settings() {
    AuthorizationSettings settings = AuthorizationSettings.local(RangerTestSupport.repoRoot(), base);
    auditDir = settings.auditDir();
    conf = RangerTestSupport.hiveConf(settings);
  }

  @AfterAll
  static void stop() {
    HiveRangerPlugin.stopAll();
  }

  private static void check(String user, HiveOperationType op, List<HivePrivilegeObject> in,
      List<HivePrivilegeObject> out) throws Exception {
    RangerTestSupport.authorizerFor(user, conf).checkPrivileges(op, in, out, FROM);
  }

  @Test
  void analystReadsTheGeneralZone() {
    assertThatCode(() -> check("analyst1", HiveOperationType.QUERY,
        List.of(table("clinical", "encounters", "patient_token", "code", "start_year")), List.of()))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("analyst1", HiveOperationType.QUERY,
        List.of(table("snapshot", "patient_profile", "patient_token", "age_band")), List.of()))
        .doesNotThrowAnyException();
    assertThatCode(() -> check("analyst2", HiveOperationType.SWITCHDATABASE, List.of(database("clinical")),
        List.of())).doesNotThrowAnyException();
    assertThatCode(() -> check("analyst1", HiveOperationType.DESCTABLE, List.of(table("clinical", "encounters")),
        List.of())).doesNotThrowAnyException();
  }

  @Test
  void analystIsDeniedTheRestrictedZoneByTheDenyPolicy() {
    assertThatThrownBy(() -> check("analyst1", HiveOperationType.QUERY,
        List.of(table("clinical", "encounters", "code"), table("phi_restricted", "patients", "patient_token", "ssn")),
        List.of()))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("user [analyst1]")
        .hasMessageContaining("[select] privilege on [phi_restricted/patients/patient_token]")
        .hasMessageContaining("Ranger policy 6 'deny: phi_restricted to everyone but stewards and etl'");
    assertThatThrownBy(() -> check("analyst2", HiveOperationType.SWITCHDATABASE, List.of(database("phi_restricted")),
        List.of()))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("user [analyst2] does not have [use] privilege on [phi_restricted]");
  }

  @Test
  void analystCannotWriteOrCreate() {
    assertThatThrownBy(() -> check("analyst1", HiveOperationType.QUERY, List.of(table("clinical", "encounters", "code")),
        List.of(written("clinical", "encounters", HivePrivObjectActionType.INSERT_OVERWRITE))))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("[update] privilege on [clinical/encounters]")
        .hasMessageContaining("no Ranger policy of service carelake_hive allows it");
    assertThatThrownBy(() -> check("analyst1", HiveOperationType.CREATEVIEW,
        List.of(table("clinical", "encounters", "code")),
        List.of(database("clinical"), table("clinical", "my_view"))))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("[create] privilege on [clinical/my_view]");
  }

  @Test
  void stewardReadsRestrictedAndGeneralZones() {
    assertThatCode(() -> check("steward1", HiveOperationType.QUERY,
        List.of(table("phi_restricted", "patients", "patient_token", "ssn", "first"),
            table("snapshot", "patient_profile", "patient_token")), List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check("steward1", HiveOperationType.DROPTABLE, List.of(),
        List.of(table("phi_restricted", "patients"))))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("[drop] privilege on [phi_restricted/patients]");
  }

  @Test
  void etlRunsThePipelineStatements() {
    String lake = "file:" + base.resolve("lake") + "/";
    assertThatCode(() -> {
      check("etl", HiveOperationType.CREATEDATABASE, List.of(), List.of(database("clinical")));
      check("etl", HiveOperationType.CREATETABLE, List.of(),
          List.of(database("clinical"), table("clinical", "encounters"), uri(lake + "general/encounters")));
      check("etl", HiveOperationType.ALTERTABLE_ADDPARTS, List.of(table("clinical", "encounters")),
          List.of(table("clinical", "encounters"), uri(lake + "general/encounters/dt=2024-01-01")));
      check("etl", HiveOperationType.MSCK, List.of(), List.of(table("phi_restricted", "patients")));
      check("etl", HiveOperationType.QUERY, List.of(table("clinical", "encounters", "patient_token")),
          List.of(written("snapshot", "patient_profile", HivePrivObjectActionType.INSERT_OVERWRITE)));
      check("etl", HiveOperationType.CREATEVIEW, List.of(table("snapshot", "patient_profile", "patient_token")),
          List.of(database("snapshot"), table("snapshot", "v_profile")));
      check("etl", HiveOperationType.DROPTABLE, List.of(), List.of(table("default", "scratch")));
    }).doesNotThrowAnyException();
    assertThatThrownBy(() -> check("etl", HiveOperationType.CREATETABLE, List.of(),
        List.of(table("clinical", "x"), uri("file:/etc/x"))))
        .isInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("[write] privilege on [file:/etc/x]");
  }

  @Test
  void anUnknownUserIsDeniedEverything() {
    for (List<HivePrivilegeObject> in : List.of(List.of(table("clinical", "encounters", "code")),
        List.of(table("snapshot", "patient_profile")), List.of(database("default")))) {
      assertThatThrownBy(() -> check("mallory", HiveOperationType.QUERY, in, List.of()))
          .isInstanceOf(HiveAccessControlException.class).hasMessageContaining("user [mallory]");
    }
    assertThatThrownBy(() -> check("mallory", HiveOperationType.QUERY,
        List.of(table("phi_restricted", "patients", "ssn")), List.of()))
        .hasMessageContaining("Ranger policy 6");
  }

  @Test
  void showDatabasesAndTablesListOnlyWhatTheUserMayUse() throws Exception {
    List<HivePrivilegeObject> dbs = List.of(database("clinical"), database("default"), database("phi_restricted"),
        database("snapshot"));
    assertThat(RangerTestSupport.authorizerFor("analyst1", conf).filterListCmdObjects(dbs, FROM))
        .extracting(HivePrivilegeObject::getDbname).containsExactly("clinical", "snapshot");
    assertThat(RangerTestSupport.authorizerFor("steward1", conf).filterListCmdObjects(dbs, FROM))
        .extracting(HivePrivilegeObject::getDbname).containsExactly("clinical", "phi_restricted", "snapshot");
    assertThat(RangerTestSupport.authorizerFor("etl", conf).filterListCmdObjects(dbs, FROM)).hasSize(4);
    assertThat(RangerTestSupport.authorizerFor("mallory", conf).filterListCmdObjects(dbs, FROM)).isEmpty();
    List<HivePrivilegeObject> tables = List.of(table("phi_restricted", "patients"), table("clinical", "encounters"));
    assertThat(RangerTestSupport.authorizerFor("analyst2", conf).filterListCmdObjects(tables, FROM))
        .extracting(HivePrivilegeObject::getObjectName).containsExactly("encounters");
  }

  @Test
  void dfsCommandsAndGrantsAreRefused() throws Exception {
    HiveAuthorizer etl = RangerTestSupport.authorizerFor("etl", conf);
    assertThatThrownBy(() -> etl.checkPrivileges(HiveOperationType.DFS, List.of(), List.of(), FROM))
        .isInstanceOf(HiveAccessControlException.class).hasMessageContaining("dfs");
    assertThat(RangerTestSupport.awaitAuditEvent(auditDir, e -> "etl".equals(e.get("reqUser"))
        && "dfs".equals(e.get("action")), Duration.ofSeconds(20))).containsEntry("result", 0).containsEntry("policy", -1);
    assertThatThrownBy(() -> etl.grantPrivileges(List.of(), List.of(), database("clinical"), null, false))
        .isInstanceOf(HiveAuthzPluginException.class).hasMessageContaining("ranger-policies");
    assertThat(etl.needTransform()).as("the repository has mask and row-filter policies").isTrue();
  }

  @Test
  void everyDecisionIsAuditedAsAJsonLine() throws Exception {
    assertThatThrownBy(() -> check("analyst2", HiveOperationType.QUERY,
        List.of(table("phi_restricted", "claims", "patient_token")), List.of()))
        .isInstanceOf(HiveAccessControlException.class);
    check("steward1", HiveOperationType.QUERY, List.of(table("phi_restricted", "payers", "name", "city")), List.of());

    Map<String, Object> denied = RangerTestSupport.awaitAuditEvent(auditDir,
        e -> "analyst2".equals(e.get("reqUser")) && "phi_restricted/claims/patient_token".equals(e.get("resource")),
        Duration.ofSeconds(20));
    assertThat(denied).containsEntry("result", 0).containsEntry("policy", 6).containsEntry("action", "select")
        .containsEntry("access", "QUERY").containsEntry("cliIP", "10.1.2.3").containsEntry("repo", "carelake_hive")
        .containsEntry("resType", "column")
        .containsEntry("reqData", "SELECT patient_token FROM phi_restricted.claims WHERE ssn = ?")
        .containsEntry("reqGroups", java.util.List.of("analysts"));

    Map<String, Object> allowed = RangerTestSupport.awaitAuditEvent(auditDir,
        e -> "steward1".equals(e.get("reqUser")) && String.valueOf(e.get("resource")).startsWith("phi_restricted/payers"),
        Duration.ofSeconds(20));
    // One event per table read, listing its columns.
    assertThat(allowed).containsEntry("result", 1).containsEntry("policy", 5)
        .containsEntry("resource", "phi_restricted/payers/name,city");
  }
}
