package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carelake.hive.ranger.HivePoliciesTest.allow;
import static org.carelake.hive.ranger.HivePoliciesTest.col;
import static org.carelake.hive.ranger.HivePoliciesTest.db;
import static org.carelake.hive.ranger.HivePoliciesTest.deny;
import static org.carelake.hive.ranger.HivePoliciesTest.tbl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ranger-policies/limited-data-set-policies.json (ids 100+), loaded with every other file of the
 * folder as the authorizer loads them: the limited data set (clinical_limited) is readable by
 * lds_researchers and stewards, managed by etl, and denied to analysts and everyone else by an
 * explicit deny; researchers get nothing else.
 */
class LimitedDataSetPoliciesTest {
  static final long FIRST_ID = 100;
  /** One policy on clinical_limited: allow items, deny items and deny exceptions (Ranger Admin refuses two
   *  policies on the same resources). */
  static final long LDS_READ = 100;
  static final long ETL_LDS = 100;
  static final long DENY_LDS = 100;

  private static HiveRangerPlugin plugin;

  @BeforeAll
  static void load() {
    plugin = HivePoliciesTest.pluginFor(RangerTestSupport.repoPolicies());
  }

  @AfterAll
  static void stop() {
    plugin.cleanup();
  }

  static List<HivePoliciesTest.Expect> expectations() {
    return List.of(
        allow("researcher1", "select", col("clinical_limited", "encounters", "start"), LDS_READ),
        allow("researcher1", "select", tbl("clinical_limited", "patients"), LDS_READ),
        allow("steward1", "select", col("clinical_limited", "patients", "birthdate"), LDS_READ),
        allow("etl", "create", db("clinical_limited"), ETL_LDS),
        allow("etl", "alter", tbl("clinical_limited", "observations"), ETL_LDS),
        deny("analyst1", "select", col("clinical_limited", "patients", "birthdate"), DENY_LDS),
        deny("analyst2", "select", tbl("clinical_limited", "encounters"), DENY_LDS),
        deny("mallory", "select", tbl("clinical_limited", "encounters"), DENY_LDS),
        deny("researcher1", "update", tbl("clinical_limited", "patients"), HivePoliciesTest.NONE),
        // a researcher holds a data use agreement for the limited data set, nothing more
        deny("researcher1", "select", col("phi_restricted", "patients", "ssn"), HivePoliciesTest.DENY_PHI),
        deny("researcher1", "select", col("clinical", "encounters", "code"), HivePoliciesTest.NONE));
  }

  @Test
  void everyExpectationIsDecidedByTheExpectedPolicy() {
    List<String> wrong = new ArrayList<>();
    for (HivePoliciesTest.Expect e : expectations()) {
      RangerAccessResult r = HivePoliciesTest.decide(plugin, e);
      if (r.getIsAllowed() != e.allowed() || r.getPolicyId() != e.policyId()) {
        wrong.add(e + " but was " + (r.getIsAllowed() ? "allowed" : "denied") + " by " + r.getPolicyId());
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void everyPolicyOfTheFileDecidesSomeExpectedRequest() {
    Set<Long> inFile = PolicyFiles.read(RangerTestSupport.repoPolicies(), AuthorizationSettings.DEFAULT_SERVICE_NAME,
        HiveServiceDef.load()).getPolicies().stream().map(RangerPolicy::getId).filter(id -> id >= FIRST_ID)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<Long> deciding = new TreeSet<>();
    for (HivePoliciesTest.Expect e : expectations()) {
      long id = HivePoliciesTest.decide(plugin, e).getPolicyId();
      if (id >= FIRST_ID) {
        deciding.add(id);
      }
    }
    assertThat(deciding).isEqualTo(inFile).containsExactly(LDS_READ);
  }

  @Test
  void analystsAreDeniedEveryAccessToTheLimitedDataSet() {
    for (String access : List.of("select", "update", "create", "drop", "alter")) {
      RangerAccessResult r = HivePoliciesTest.decide(plugin,
          deny("analyst1", access, tbl("clinical_limited", "patients"), DENY_LDS));
      assertThat(r.getIsAllowed()).as(access).isFalse();
      assertThat(r.getPolicyId()).as(access).isEqualTo(DENY_LDS);
    }
  }
}
