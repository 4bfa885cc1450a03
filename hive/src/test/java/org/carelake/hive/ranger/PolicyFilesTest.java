package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Ranger Admin export files: the repository's file loads; every kind of broken file names itself. */
class PolicyFilesTest {
  private static final RangerServiceDef DEF = HiveServiceDef.load();
  private static final String SERVICE = AuthorizationSettings.DEFAULT_SERVICE_NAME;

  @TempDir
  Path tmp;

  @Test
  void theRepositoryPoliciesLoadForServiceCarelakeHive() {
    ServicePolicies p = PolicyFiles.read(RangerTestSupport.repoPolicies(), SERVICE, DEF);
    assertThat(p.getServiceName()).isEqualTo("carelake_hive");
    assertThat(p.getServiceDef().getName()).isEqualTo("hive");
    assertThat(p.getPolicies()).extracting(RangerPolicy::getId).containsSubsequence(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
        9L, 20L, 21L, 22L, 23L, 24L, 25L, 30L, 31L, 32L, 33L, 34L, 100L);
    assertThat(p.getPolicies()).allSatisfy(policy -> assertThat(policy.getService()).isEqualTo("carelake_hive"));
    assertThat(p.getPolicyVersion()).isNotNegative();
  }

  @Test
  void theVersionChangesExactlyWhenAFileChanges() {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "p");
    long v1 = PolicyFiles.read(dir, SERVICE, DEF).getPolicyVersion();
    assertThat(PolicyFiles.read(dir, SERVICE, DEF).getPolicyVersion()).isEqualTo(v1);
    Path file = dir.resolve("hive-policies.json");
    RangerTestSupport.write(file, RangerTestSupport.read(file).replace("Data stewards re-identify", "Stewards re-identify"));
    assertThat(PolicyFiles.read(dir, SERVICE, DEF).getPolicyVersion()).isNotEqualTo(v1);
  }

  @Test
  void anUpperCaseAccessTypeIsRejectedNamingFilePolicyAndValue() {
    Path file = broken("upper", t -> t.replaceFirst("\"type\": \"select\"", "\"type\": \"SELECT\""));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("id 4")
        .hasMessageContaining("'SELECT'")
        .hasMessageContaining("lower-case");
  }

  @Test
  void aFileThatDoesNotParseIsNamedWithItsLine() {
    Path file = broken("truncated", t -> t.substring(0, t.length() / 2));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not parse at line");
  }

  @Test
  void aMisspeltTopLevelKeyIsRejected() {
    Path file = broken("key", t -> t.replace("\"policies\":", "\"polices\":"));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("polices");
  }

  @Test
  void policiesForAnotherServiceAreRejected() {
    Path file = broken("service", t -> t.replace("\"service\": \"carelake_hive\"", "\"service\": \"cl_hive\""));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is for service 'cl_hive', not 'carelake_hive'");
  }

  @Test
  void anUnknownResourceIsRejected() {
    Path file = broken("resource", t -> t.replaceFirst("\"database\":", "\"databases\":"));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining("names resource 'databases'");
  }

  @Test
  void anUnknownMaskTypeIsRejected() {
    String maskPolicy = """
        {"id": 7, "name": "mask ssn", "service": "carelake_hive", "policyType": 1,
         "resources": {"database": {"values": ["phi_restricted"]}, "table": {"values": ["patients"]},
                       "column": {"values": ["ssn"]}},
         "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}], "groups": ["phi_stewards"],
                                  "dataMaskInfo": {"dataMaskType": "MASK_LAST_4"}}]}""";
    Path file = broken("mask", t -> t.replaceFirst("\"policies\": \\[", "\"policies\": [" + maskPolicy + ","));
    assertThatThrownBy(() -> PolicyFiles.read(file.getParent(), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining("id 7")
        .hasMessageContaining("mask type 'MASK_LAST_4'");
  }

  @Test
  void duplicatePolicyIdsAcrossFilesAreRejected() throws Exception {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "dup");
    Files.copy(dir.resolve("hive-policies.json"), dir.resolve("more-policies.json"));
    assertThatThrownBy(() -> PolicyFiles.read(dir, SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining("more-policies.json")
        .hasMessageContaining("reuses id 1 already taken in " + dir.resolve("hive-policies.json"));
  }

  @Test
  void aDirectoryWithoutPolicyFilesIsAnError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("local-user-groups.properties"), "analyst1=analysts\n");
    assertThatThrownBy(() -> PolicyFiles.read(empty, SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("no *.json policy files");
    assertThatThrownBy(() -> PolicyFiles.read(tmp.resolve("missing"), SERVICE, DEF))
        .isInstanceOf(PolicyFileException.class)
        .hasMessageContaining("does not exist");
  }

  private Path broken(String name, java.util.function.UnaryOperator<String> edit) {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, name);
    Path file = dir.resolve("hive-policies.json");
    String text = RangerTestSupport.read(file);
    String changed = edit.apply(text);
    assertThat(changed).as("the edit must change the file").isNotEqualTo(text);
    RangerTestSupport.write(file, changed);
    return file;
  }
}
