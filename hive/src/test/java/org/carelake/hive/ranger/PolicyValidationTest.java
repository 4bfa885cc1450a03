package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `carelake policy validate` and `policy check`, offline: Ranger's validator, the project's schema, the engine. */
class PolicyValidationTest {
  static final String SERVICE = AuthorizationSettings.DEFAULT_SERVICE_NAME;
  static final ProjectSchema SCHEMA = ProjectSchema.scan(RangerTestSupport.repoRoot().resolve("hive/hql"));

  @TempDir
  Path tmp;

  @Test
  void theProjectSchemaHoldsWhatTheHqlCreates() {
    assertThat(SCHEMA.databases()).contains("clinical", "phi_restricted", "snapshot", "entitlements");
    assertThat(SCHEMA.hasTable("snapshot", "patient_profile")).isTrue();
    assertThat(SCHEMA.hasTable("SNAPSHOT", "Patient_Profile")).as("case-insensitive, as Hive").isTrue();
    assertThat(SCHEMA.mayHaveColumn("snapshot", "patient_profile", "demographic_cell_size")).isTrue();
    assertThat(SCHEMA.mayHaveColumn("snapshot", "patient_profile_build", "zip3")).as("LIKE copies columns").isTrue();
    assertThat(SCHEMA.mayHaveColumn("clinical", "encounters", "start")).isTrue();
    assertThat(SCHEMA.mayHaveColumn("clinical", "encounters", "comment")).isFalse();
    assertThat(SCHEMA.mayHaveColumn("snapshot", "patient_profile", "ssn")).isFalse();
    assertThat(SCHEMA.tablesOf("entitlements")).containsExactly("entitlements.analyst_organizations");
  }

  @Test
  void theRepositoryPoliciesAreValid() {
    PolicyValidation.Report r = PolicyValidation.validate(RangerTestSupport.repoPolicies(), SERVICE, Optional.of(SCHEMA));
    assertThat(r.problems()).isEmpty();
    assertThat(r.policies().orElseThrow().getPolicies()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void namesThatMatchNothingAreReported() {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "names");
    Path file = dir.resolve("hive-policies.json");
    String text = RangerTestSupport.read(file)
        .replaceFirst("(\"id\": 20,[\\s\\S]*?)\"snapshot\"", "$1\"snapshots\"")
        .replaceFirst("(\"id\": 21,[\\s\\S]*?)\"encounters\"", "$1\"encounter\"")
        .replaceFirst("(\"id\": 34,[\\s\\S]*?)\"zip3\"", "$1\"zip\"");
    RangerTestSupport.write(file, text);
    PolicyValidation.Report r = PolicyValidation.validate(dir, SERVICE, Optional.of(SCHEMA));
    assertThat(r.problems()).hasSize(3);
    assertThat(r.problems().get(0)).contains("Policy 20").contains("database 'snapshots'").contains("match nothing");
    assertThat(r.problems().get(1)).contains("Policy 21").contains("table 'encounter'");
    assertThat(r.problems().get(2)).contains("Policy 34").contains("column 'zip'");
  }

  @Test
  void rangersOwnValidatorRefusesTwoPoliciesOnTheSameResources() {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "dup");
    Path file = dir.resolve("hive-policies.json");
    // policy 5 (stewards' read) made to cover exactly what policy 4 (analysts' read) covers
    String text = RangerTestSupport.read(file).replaceFirst(
        "(\"id\": 5,[\\s\\S]*?\"values\": \\[\\s*)\"phi_restricted\",\\s*", "$1");
    RangerTestSupport.write(file, text);
    PolicyValidation.Report r = PolicyValidation.validate(dir, SERVICE, Optional.empty());
    assertThat(r.problems()).anyMatch(p -> p.contains("Policy 5") && p.contains("Ranger's policy validator"));
  }

  @Test
  void aFileThatDoesNotLoadIsTheOnlyProblem() {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "case");
    Path file = dir.resolve("hive-policies.json");
    RangerTestSupport.write(file, RangerTestSupport.read(file).replaceFirst("\"type\": \"select\"", "\"type\": \"SELECT\""));
    PolicyValidation.Report r = PolicyValidation.validate(dir, SERVICE, Optional.of(SCHEMA));
    assertThat(r.valid()).isFalse();
    assertThat(r.policies()).isEmpty();
    assertThat(r.problems()).singleElement().asString().contains("'SELECT'").contains(file.toString());
  }

  @Test
  void aCheckShowsTheDecisionTheFilterAndTheMask() {
    try (PolicyCheck check = new PolicyCheck(PolicyFiles.read(RangerTestSupport.repoPolicies(), SERVICE,
        HiveServiceDef.load()))) {
      PolicyCheck.Decision zip = check.decide("analyst1", Set.of("analysts"), "snapshot.patient_profile.zip3", "select");
      assertThat(zip.allowed()).isTrue();
      assertThat(zip.policyId()).isEqualTo(4);
      assertThat(zip.rowFilter().orElseThrow().policyId()).isEqualTo(20);
      assertThat(zip.rowFilter().orElseThrow().expression()).contains("entitlements.analyst_organizations");
      assertThat(zip.mask().orElseThrow().policyId()).isEqualTo(30);
      assertThat(zip.mask().orElseThrow().expression()).isEqualTo("CASE WHEN demographic_cell_size >= 11 THEN `zip3` END");
      assertThat(zip.describe()).contains("ALLOWED by policy 4").contains("row filter: policy 20").contains("mask: policy 30");

      PolicyCheck.Decision ssn = check.decide("analyst1", Set.of("analysts"), "phi_restricted.patients.ssn", "select");
      assertThat(ssn.allowed()).isFalse();
      assertThat(ssn.policyId()).isEqualTo(6);
      assertThat(ssn.describe()).contains("DENIED by policy 6");

      PolicyCheck.Decision steward = check.decide("steward1", Set.of("phi_stewards"), "snapshot.patient_profile.zip3",
          "select");
      assertThat(steward.allowed()).isTrue();
      assertThat(steward.rowFilter()).isEmpty();
      assertThat(steward.mask()).isEmpty();
      assertThat(steward.describe()).contains("no row filter, no mask");

      PolicyCheck.Decision nobody = check.decide("mallory", Set.of(), "clinical.encounters", "select");
      assertThat(nobody.allowed()).isFalse();
      assertThat(nobody.describe()).contains("(groups: none)").contains("no policy allows it");
    }
  }
}
