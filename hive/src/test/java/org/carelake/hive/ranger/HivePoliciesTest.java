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
 * policy decides it, which row filter and mask apply to whom, and that every policy in the file
 * decides at least one expected request (a policy with a misspelt database or access type decides
 * none, and this test fails). The catalog keeps the analysts' masks and filters complete: every
 * date-shifted column is masked and every patient-keyed table filtered.
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
  static final long ETL_ENTITLEMENTS = 7;
  static final long ETL_ENTITLEMENTS_URL = 8;
  static final long ANALYSTS_ENTITLEMENTS = 9;
  static final long FILTER_SNAPSHOT = 20;
  static final long FILTER_ENCOUNTERS = 21;
  static final long FILTER_CLINICAL = 22;
  static final long FILTER_BILLING = 23;
  static final long FILTER_PATIENTS = 24;
  static final long FILTER_ENTITLEMENTS = 25;
  static final long MASK_SMALL_CELLS = 30;
  static final long MASK_PROFILE_TIMES = 31;
  static final long MASK_CLINICAL_TIMES = 32;
  static final long MASK_CLINICAL_DATES = 33;
  static final long MASK_ZIP3 = 34;
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
        deny("mallory", "select", col("phi_restricted", "patients", "ssn"), DENY_PHI),
        // entitlements: created by etl, read (own rows) by analysts, changed by nobody through Hive
        allow("etl", "create", db("entitlements"), ETL_ENTITLEMENTS),
        allow("etl", "create", tbl("entitlements", "analyst_organizations"), ETL_ENTITLEMENTS),
        deny("etl", "update", tbl("entitlements", "analyst_organizations"), NONE),
        deny("etl", "select", col("entitlements", "analyst_organizations", "organization"), NONE),
        allow("etl", "write", url("file:/work/main/ranger-policies/entitlements/analyst_organizations"),
            ETL_ENTITLEMENTS_URL),
        allow("analyst2", "select", col("entitlements", "analyst_organizations", "organization"), ANALYSTS_ENTITLEMENTS),
        deny("analyst1", "update", tbl("entitlements", "analyst_organizations"), NONE),
        deny("steward1", "select", col("entitlements", "analyst_organizations", "analyst"), NONE));
  }

  /** A row filter (policy id, or NONE) the engine must apply to a user's select on a table. */
  record Filter(String user, String db, String table, long policyId) {
  }

  /** A mask (policy id and type, or NONE) the engine must apply to a user's select on a column. */
  record Mask(String user, String db, String table, String column, long policyId, String type) {
  }

  static List<Filter> filterExpectations() {
    return List.of(
        new Filter("analyst1", "snapshot", "patient_profile", FILTER_SNAPSHOT),
        new Filter("analyst2", "snapshot", "billing_reconciliation", FILTER_SNAPSHOT),
        new Filter("analyst1", "clinical", "encounters", FILTER_ENCOUNTERS),
        new Filter("analyst1", "clinical", "conditions", FILTER_CLINICAL),
        new Filter("analyst2", "clinical", "devices", FILTER_CLINICAL),
        new Filter("analyst1", "clinical", "claims_transactions", FILTER_BILLING),
        new Filter("analyst1", "clinical", "patients", FILTER_PATIENTS),
        new Filter("analyst1", "entitlements", "analyst_organizations", FILTER_ENTITLEMENTS),
        // reference tables, and everyone but analysts: unfiltered
        new Filter("analyst1", "clinical", "organizations", NONE),
        new Filter("analyst1", "snapshot", "condition_code_map", NONE),
        new Filter("steward1", "snapshot", "patient_profile", NONE),
        new Filter("steward1", "clinical", "conditions", NONE),
        new Filter("etl", "clinical", "encounters", NONE));
  }

  static List<Mask> maskExpectations() {
    return List.of(
        new Mask("analyst1", "snapshot", "patient_profile", "zip3", MASK_SMALL_CELLS, "CUSTOM"),
        new Mask("analyst2", "snapshot", "patient_profile", "age_band", MASK_SMALL_CELLS, "CUSTOM"),
        new Mask("analyst1", "snapshot", "patient_profile", "heart_rate_time", MASK_PROFILE_TIMES, "CUSTOM"),
        new Mask("analyst1", "clinical", "encounters", "start", MASK_CLINICAL_TIMES, "CUSTOM"),
        new Mask("analyst1", "clinical", "conditions", "stop", MASK_CLINICAL_DATES, "MASK_DATE_SHOW_YEAR"),
        new Mask("analyst1", "clinical", "patients", "zip3", MASK_ZIP3, "MASK_NULL"),
        new Mask("analyst1", "snapshot", "patient_profile", "state", NONE, null),
        new Mask("analyst1", "snapshot", "patient_profile", "heart_rate", NONE, null),
        new Mask("steward1", "snapshot", "patient_profile", "zip3", NONE, null),
        new Mask("steward1", "clinical", "encounters", "start", NONE, null),
        new Mask("etl", "clinical", "patients", "zip3", NONE, null));
  }

  static RangerAccessResult filterOf(HiveRangerPlugin p, String user, String db, String table) {
    HiveRequester who = HiveRequester.of(user, GROUPS.groupsOf(user));
    RangerAccessResult r = p.evalRowFilterPolicies(who.request(tbl(db, table), "select", "TEST"), null);
    return r != null && r.isRowFilterEnabled() && r.getFilterExpr() != null && !r.getFilterExpr().isBlank() ? r : null;
  }

  static RangerAccessResult maskOf(HiveRangerPlugin p, String user, String db, String table, String column) {
    HiveRequester who = HiveRequester.of(user, GROUPS.groupsOf(user));
    RangerAccessResult r = p.evalDataMaskPolicies(who.request(col(db, table, column), "select", "TEST"), null);
    return r != null && r.isMaskEnabled() ? r : null;
  }

  /** Row-filter and mask expectations the plugin decides differently. */
  static List<String> transformMismatches(HiveRangerPlugin p) {
    List<String> out = new ArrayList<>();
    for (Filter f : filterExpectations()) {
      RangerAccessResult r = filterOf(p, f.user(), f.db(), f.table());
      long id = r == null ? NONE : r.getPolicyId();
      if (id != f.policyId()) {
        out.add(f + " but the filter came from " + id);
      }
    }
    for (Mask m : maskExpectations()) {
      RangerAccessResult r = maskOf(p, m.user(), m.db(), m.table(), m.column());
      long id = r == null ? NONE : r.getPolicyId();
      String type = r == null ? null : r.getMaskType();
      if (id != m.policyId() || !java.util.Objects.equals(type, m.type())) {
        out.add(m + " but the mask came from " + id + " (" + type + ")");
      }
    }
    return out;
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
  void everyRowFilterAndMaskExpectationIsMet() {
    assertThat(transformMismatches(plugin)).isEmpty();
    assertThat(filterOf(plugin, "analyst1", "clinical", "conditions").getFilterExpr())
        .contains("entitlements.analyst_organizations").contains("current_user()");
  }

  @Test
  void everyPolicyInTheFileDecidesSomeExpectedRequest() throws Exception {
    Set<Long> inFile = new TreeSet<>();
    new com.fasterxml.jackson.databind.ObjectMapper().readTree(RangerTestSupport.repoPolicyFile().toFile())
        .get("policies").forEach(p -> inFile.add(p.get("id").asLong()));
    Set<Long> deciding = new TreeSet<>();
    for (Expect e : expectations()) {
      RangerAccessResult r = decide(plugin, e);
      if (r.getPolicyId() >= 0) {
        deciding.add(r.getPolicyId());
      }
    }
    filterExpectations().stream().filter(f -> f.policyId() >= 0).forEach(f -> deciding.add(
        filterOf(plugin, f.user(), f.db(), f.table()).getPolicyId()));
    maskExpectations().stream().filter(m -> m.policyId() >= 0).forEach(m -> deciding.add(
        maskOf(plugin, m.user(), m.db(), m.table(), m.column()).getPolicyId()));
    assertThat(deciding).isEqualTo(inFile).containsExactly(ETL_TABLES, ETL_FUNCTIONS, ETL_URLS, ANALYSTS_READ,
        STEWARDS_READ, DENY_PHI, ETL_ENTITLEMENTS, ETL_ENTITLEMENTS_URL, ANALYSTS_ENTITLEMENTS, FILTER_SNAPSHOT,
        FILTER_ENCOUNTERS, FILTER_CLINICAL, FILTER_BILLING, FILTER_PATIENTS, FILTER_ENTITLEMENTS, MASK_SMALL_CELLS,
        MASK_PROFILE_TIMES, MASK_CLINICAL_TIMES, MASK_CLINICAL_DATES, MASK_ZIP3);
  }

  /** A new date-shifted column in the catalog must be masked for analysts too, or this fails naming it. */
  @Test
  void everyDateShiftedColumnOfTheGeneralZoneIsMaskedToTheYearForAnalysts() {
    org.carelake.catalog.DataCatalog catalog = org.carelake.catalog.DataCatalog.load(
        RangerTestSupport.repoRoot().resolve(org.carelake.catalog.DataCatalog.DEFAULT_RELATIVE_PATH));
    List<String> unmasked = new ArrayList<>();
    int checked = 0;
    for (org.carelake.catalog.TableSpec t : catalog.tables()) {
      for (org.carelake.catalog.ZoneColumn c : t.generalColumns()) {
        if (c.source() == null || c.source().treatment() != org.carelake.catalog.Treatment.DATE_SHIFT) {
          continue;
        }
        checked++;
        RangerAccessResult m = maskOf(plugin, "analyst1", "clinical", t.name(), c.name());
        String expected = c.hiveType().equalsIgnoreCase("DATE") ? "MASK_DATE_SHOW_YEAR" : "CUSTOM";
        if (m == null || !expected.equals(m.getMaskType())) {
          unmasked.add("clinical." + t.name() + "." + c.name() + " (" + c.hiveType() + ")");
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(unmasked).as("date-shifted columns analysts see unmasked; add them to policy 32 or 33").isEmpty();
  }

  /** A new patient-keyed table in the catalog must be row-filtered for analysts too, or this fails naming it. */
  @Test
  void everyPatientKeyedTableOfTheGeneralZoneIsRowFilteredForAnalysts() {
    org.carelake.catalog.DataCatalog catalog = org.carelake.catalog.DataCatalog.load(
        RangerTestSupport.repoRoot().resolve(org.carelake.catalog.DataCatalog.DEFAULT_RELATIVE_PATH));
    List<String> unfiltered = new ArrayList<>();
    for (org.carelake.catalog.TableSpec t : catalog.tables()) {
      boolean patientKeyed = t.columns().stream().anyMatch(c -> c.treatment() == org.carelake.catalog.Treatment.TOKENIZE
          && c.domain().filter("patient"::equals).isPresent());
      if (patientKeyed && filterOf(plugin, "analyst1", "clinical", t.name()) == null) {
        unfiltered.add("clinical." + t.name());
      }
    }
    assertThat(unfiltered).as("patient-keyed tables analysts read unfiltered; add them to policies 21-24").isEmpty();
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

  /**
   * The classic silent failure for transforms: a row filter or mask whose database matches nothing
   * loads fine and filters or masks nothing. The expectations catch both.
   */
  @Test
  void aRowFilterOrMaskPolicyOnAMisspeltDatabaseIsCaughtByTheExpectations(@TempDir Path tmp) {
    for (long id : new long[] {FILTER_SNAPSHOT, MASK_SMALL_CELLS}) {
      Path dir = RangerTestSupport.copyOfPolicies(tmp, "misspelt-" + id);
      Path file = dir.resolve("hive-policies.json");
      String text = RangerTestSupport.read(file);
      String broken = text.replaceFirst("(\"id\": " + id + ",[\\s\\S]*?)\"snapshot\"", "$1\"snapshots\"");
      assertThat(broken).isNotEqualTo(text);
      RangerTestSupport.write(file, broken);
      // still valid for the engine: it loads, and matches nothing
      HiveRangerPlugin misspelt = pluginFor(dir);
      try {
        assertThat(transformMismatches(misspelt)).as("policy %d misspelt", id)
            .anyMatch(m -> m.contains("policyId=" + id) && m.contains("came from -1"));
      } finally {
        misspelt.cleanup();
      }
    }
  }

  /** A wrong-case access type in a mask or row-filter item is refused when the files load. */
  @Test
  void aWrongCaseAccessTypeInATransformPolicyIsRefused(@TempDir Path tmp) {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "case");
    Path file = dir.resolve("hive-policies.json");
    String text = RangerTestSupport.read(file);
    String broken = text.replaceFirst("(\"id\": 30,[\\s\\S]*?)\"type\": \"select\"", "$1\"type\": \"Select\"");
    assertThat(broken).isNotEqualTo(text);
    RangerTestSupport.write(file, broken);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PolicyFiles.read(dir,
        AuthorizationSettings.DEFAULT_SERVICE_NAME, DEF))
        .isInstanceOf(PolicyFileException.class).hasMessageContaining("id 30").hasMessageContaining("'Select'");
  }
}
