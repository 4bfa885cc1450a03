package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ranger-policies/hive-policies.json evaluated by Ranger's real engine: who may do what, which
 * policy decides it, and that every policy in the file decides at least one expected request (a
 * policy with a misspelt database or access type decides none, and this test fails).
 */
class HivePoliciesTest {
  private static final RangerServiceDef DEF = HiveServiceDef.load();
  private static final UserGroupMapping GROUPS = UserGroupMapping.load(RangerTestSupport.repoGroups());

  /** Policy ids of hive-policies.json, as the report and the file's descriptions name them. */
  static final long ETL_TABLES = 1;
  static final long ETL_FUNCTIONS = 2;
  static final long ETL_URLS = 3;
  static final long ANALYSTS_READ = 4;
  static final long STEWARDS_READ = 5;
  static final long DENY_PHI = 6;
  static final long NONE = -1;

  private static HiveRangerPlugin plugin;

  record Expect(String user, String access, RangerAccessResourceImpl resource, boolean allowed, long policyId) {
    @Override
    public String toString() {
      return user + " " + access + " " + resource.getAsString() + " -> " + (allowed ? "allowed" : "denied")
          + " by " + policyId;
    }
  }

  static RangerAccessResourceImpl col(String db, String table, String column) {
    return HiveResources.resource(DEF, "database", db, "table", table, "column", column);
  }

  static RangerAccessResourceImpl tbl(String db, String table) {
    return HiveResources.resource(DEF, "database", db, "table", table);
  }

  static RangerAccessResourceImpl db(String db) {
    return HiveResources.resource(DEF, "database", db);
  }

  static RangerAccessResourceImpl udf(String db, String name) {
    return HiveResources.resource(DEF, "database", db, "udf", name);
  }

  static RangerAccessResourceImpl url(String url) {
    return HiveResources.resource(DEF, "url", url);
  }

  static Expect allow(String user, String access, RangerAccessResourceImpl r, long policy) {
    return new Expect(user, access, r, true, policy);
  }

  static Expect deny(String user, String access, RangerAccessResourceImpl r, long policy) {
    return new Expect(user, access, r, false, policy);
  }

  /** What the pipeline and the people using it need, and what they must not get. */
  static List<Expect> expectations() {
    return List.of(
        // etl: the pipeline identity
        allow("etl", "create", db("clinical"), ETL_TABLES),
        allow("etl", "create", tbl("snapshot", "patient_profile"), ETL_TABLES),
        allow("etl", "alter", tbl("clinical", "encounters"), ETL_TABLES),
        allow("etl", "update", tbl("phi_restricted", "patients"), ETL_TABLES),
        allow("etl", "drop", tbl("default", "scratch"), ETL_TABLES),
        allow("etl", "select", col("phi_restricted", "patients", "ssn"), ETL_TABLES),
        allow("etl", "create", udf("snapshot", "age_band"), ETL_FUNCTIONS),
        allow("etl", "write", url("file:/work/main/local/lake/general/encounters/dt=2024-01-01"), ETL_URLS),
        allow("etl", "read", url("hdfs://localhost:8020/lake/restricted/patients"), ETL_URLS),
        allow("etl", "write", url("s3a://carelake-lake/general/claims"), ETL_URLS),
        deny("etl", "select", col("hr", "salaries", "amount"), NONE),
        deny("etl", "write", url("file:/etc/cron.d"), NONE),
        // analysts: the general zone only
        allow("analyst1", "select", col("clinical", "encounters", "code"), ANALYSTS_READ),
        allow("analyst2", "select", tbl("clinical", "conditions"), ANALYSTS_READ),
        allow("analyst1", "select", col("snapshot", "patient_profile", "patient_token"), ANALYSTS_READ),
        allow("analyst1", HiveAccess.ANY, db("clinical"), ANALYSTS_READ),
        deny("analyst1", "select", col("phi_restricted", "patients", "ssn"), DENY_PHI),
        deny("analyst2", "select", tbl("phi_restricted", "patients"), DENY_PHI),
        // USE phi_restricted: no policy allows analysts any access there (Ranger reports no deciding policy for "_any").
        deny("analyst1", HiveAccess.ANY, db("phi_restricted"), NONE),
        deny("analyst1", "update", tbl("clinical", "encounters"), NONE),
        deny("analyst1", "create", tbl("clinical", "my_copy"), NONE),
        deny("analyst1", "write", url("file:/work/main/local/lake/general/encounters"), NONE),
        // stewards: re-identification through phi_restricted, joined to the general zone
        allow("steward1", "select", col("phi_restricted", "patients", "ssn"), STEWARDS_READ),
        allow("steward1", HiveAccess.ANY, db("phi_restricted"), STEWARDS_READ),
        allow("steward1", "select", col("clinical", "encounters", "patient_token"), STEWARDS_READ),
        deny("steward1", "update", tbl("phi_restricted", "patients"), NONE),
        deny("steward1", "drop", tbl("clinical", "encounters"), NONE),
        // anyone else: nothing (and the restricted zone by the explicit deny)
        deny("mallory", "select", col("clinical", "encounters", "code"), NONE),
        deny("mallory", HiveAccess.ANY, db("snapshot"), NONE),
        deny("mallory", "select", col("phi_restricted", "patients", "ssn"), DENY_PHI));
  }

  @BeforeAll
  static void loadRepositoryPolicies() {
    plugin = pluginFor(RangerTestSupport.repoPolicies());
  }

  @AfterAll
  static void stop() {
    plugin.cleanup();
  }

  static HiveRangerPlugin pluginFor(Path policyDir) {
    ServicePolicies policies = PolicyFiles.read(policyDir, AuthorizationSettings.DEFAULT_SERVICE_NAME, DEF);
    return HiveRangerPlugin.forPolicies(policies, Optional.of(GROUPS));
  }

  static RangerAccessResult decide(HiveRangerPlugin p, Expect e) {
    HiveRequester who = HiveRequester.of(e.user(), GROUPS.groupsOf(e.user()));
    return p.isAccessAllowed(who.request(e.resource(), e.access(), "TEST"), null);
  }

  /** Expectations the plugin decides differently (outcome or deciding policy). */
  static List<String> mismatches(HiveRangerPlugin p) {
    List<String> out = new ArrayList<>();
    for (Expect e : expectations()) {
      RangerAccessResult r = decide(p, e);
      if (r.getIsAllowed() != e.allowed() || r.getPolicyId() != e.policyId()) {
        out.add(e + " but was " + (r.getIsAllowed() ? "allowed" : "denied") + " by " + r.getPolicyId());
      }
    }
    return out;
  }

  @Test
  void everyExpectationIsDecidedByTheExpectedPolicy() {
    assertThat(mismatches(plugin)).isEmpty();
  }

  @Test
  void everyPolicyInTheFileDecidesSomeExpectedRequest() {
    Set<Long> inFile = PolicyFiles.read(RangerTestSupport.repoPolicies(), AuthorizationSettings.DEFAULT_SERVICE_NAME, DEF)
        .getPolicies().stream().map(RangerPolicy::getId)
        .filter(id -> id < LimitedDataSetPoliciesTest.FIRST_ID) // ids 100+: LimitedDataSetPoliciesTest
        .collect(Collectors.toCollection(TreeSet::new));
    Set<Long> deciding = new TreeSet<>();
    for (Expect e : expectations()) {
      RangerAccessResult r = decide(plugin, e);
      if (r.getPolicyId() >= 0) {
        deciding.add(r.getPolicyId());
      }
    }
    assertThat(deciding).isEqualTo(inFile).containsExactly(ETL_TABLES, ETL_FUNCTIONS, ETL_URLS, ANALYSTS_READ,
        STEWARDS_READ, DENY_PHI);
  }

  @Test
  void analystIsDeniedEveryRestrictedTableAndColumnByTheDenyPolicy() {
    for (String table : List.of("patients", "encounters", "claims", "quarantine_patients")) {
      for (String access : List.of("select", "update", "create", "drop", "alter")) {
        RangerAccessResult r = decide(plugin, deny("analyst1", access, tbl("phi_restricted", table), DENY_PHI));
        assertThat(r.getIsAllowed()).as("%s on phi_restricted.%s", access, table).isFalse();
        assertThat(r.getPolicyId()).as("%s on phi_restricted.%s", access, table).isEqualTo(DENY_PHI);
      }
    }
  }

  @Test
  void aUserWithoutGroupsIsDeniedEverything() {
    assertThat(GROUPS.groupsOf("mallory")).isEmpty();
    List<RangerAccessResourceImpl> resources = List.of(db("clinical"), db("snapshot"), db("default"),
        tbl("clinical", "encounters"), col("snapshot", "patient_profile", "patient_token"),
        col("phi_restricted", "patients", "ssn"), udf("clinical", "f"), url("file:/x/lake/general"));
    for (RangerAccessResourceImpl r : resources) {
      for (String access : List.of("select", "update", "create", "drop", "alter", "read", "write", HiveAccess.ANY)) {
        RangerAccessResult result = decide(plugin, deny("mallory", access, r, NONE));
        assertThat(result.getIsAllowed()).as("mallory %s %s", access, r.getAsString()).isFalse();
      }
    }
  }

  @Test
  void aMisspeltDatabaseInAPolicyIsCaughtByTheExpectations(@TempDir Path tmp) {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "misspelt");
    Path file = dir.resolve("hive-policies.json");
    // Policy 4's database list: clinical -> clinicl (still valid JSON and a valid policy).
    String text = RangerTestSupport.read(file);
    String broken = text.replaceFirst("(\"id\": 4,[\\s\\S]*?)\"clinical\"", "$1\"clinicl\"");
    assertThat(broken).isNotEqualTo(text);
    RangerTestSupport.write(file, broken);
    HiveRangerPlugin misspelt = pluginFor(dir);
    try {
      assertThat(mismatches(misspelt)).anyMatch(m -> m.startsWith("analyst1 select clinical/encounters/code"));
    } finally {
      misspelt.cleanup();
    }
  }
}
