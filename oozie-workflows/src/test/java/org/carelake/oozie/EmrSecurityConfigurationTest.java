package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.FileReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * emr-security-configuration.json against the JSON Schema kept beside it (the structure AWS
 * documents, CareLake's requirements as const/required), and against the rest of the project:
 * the restricted bucket of every environment has its own KMS key, only PHI groups map to the
 * restricted bucket's role, and those groups are the ones the Ranger policies know.
 */
class EmrSecurityConfigurationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;
  private static JsonNode config;

  @BeforeAll
  static void load() throws Exception {
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(OozieApps.HOME.resolve("emr-security-configuration.schema.json").toFile()));
    config = JSON.readTree(OozieApps.HOME.resolve("emr-security-configuration.json").toFile());
  }

  private static Set<String> errors(JsonNode json) {
    Set<String> out = new TreeSet<>();
    for (ValidationMessage m : schema.validate(json)) {
      out.add(m.getMessage());
    }
    return out;
  }

  @Test
  void theConfigurationMatchesTheSchema() {
    assertThat(errors(config)).isEmpty();
  }

  @Test
  void theSchemaRejectsWeakenedOrMisspeltConfigurations() {
    ObjectNode noEbs = config.deepCopy();
    ((ObjectNode) noEbs.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration"))
        .put("EnableEbsEncryption", false);
    assertThat(errors(noEbs)).anyMatch(e -> e.contains("EnableEbsEncryption"));

    ObjectNode imdsV1 = config.deepCopy();
    ((ObjectNode) imdsV1.at("/InstanceMetadataServiceConfiguration")).put("MinimumInstanceMetadataServiceVersion", 1);
    assertThat(errors(imdsV1)).anyMatch(e -> e.contains("MinimumInstanceMetadataServiceVersion"));

    ObjectNode sseS3 = config.deepCopy();
    ((ObjectNode) sseS3.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/S3EncryptionConfiguration"))
        .put("EncryptionMode", "SSE-S3");
    assertThat(errors(sseS3)).anyMatch(e -> e.contains("EncryptionMode"));

    ObjectNode misspelt = config.deepCopy();
    JsonNode kdc = misspelt.at("/AuthenticationConfiguration/KerberosConfiguration/ClusterDedicatedKdcConfiguration");
    ((ObjectNode) kdc).set("TicketLifeTimeInHours", ((ObjectNode) kdc).remove("TicketLifetimeInHours"));
    assertThat(errors(misspelt)).anyMatch(e -> e.contains("TicketLifeTimeInHours"))
        .anyMatch(e -> e.contains("TicketLifetimeInHours"));

    ObjectNode noTrust = config.deepCopy();
    ((ObjectNode) kdc).remove("TicketLifeTimeInHours");
    ((ObjectNode) noTrust.at("/AuthenticationConfiguration/KerberosConfiguration/ClusterDedicatedKdcConfiguration"))
        .remove("CrossRealmTrustConfiguration");
    assertThat(errors(noTrust)).anyMatch(e -> e.contains("CrossRealmTrustConfiguration"));

    ObjectNode badKey = config.deepCopy();
    ((ObjectNode) badKey.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/S3EncryptionConfiguration"))
        .put("AwsKmsKey", "carelake-general-zone");
    assertThat(errors(badKey)).anyMatch(e -> e.contains("AwsKmsKey"));
  }

  @Test
  void theRestrictedBucketHasItsOwnKeyAndTheGeneralBucketTheDefault() throws Exception {
    JsonNode s3 = config.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/S3EncryptionConfiguration");
    String generalKey = s3.path("AwsKmsKey").asText();
    Properties prod = JobProperties.load(OozieApps.ENVIRONMENTS.resolve("prod/job.properties"));
    Set<String> restricted = new HashSet<>();
    for (String k : List.of("stagingRoot", "restrictedRoot", "quarantineRoot")) {
      restricted.add(URI.create(prod.getProperty(k)).getHost());
    }
    Set<String> general = new HashSet<>();
    for (String k : List.of("generalRoot", "snapshotRoot", "manifestRoot")) {
      general.add(URI.create(prod.getProperty(k)).getHost());
    }
    assertThat(restricted).containsExactly("carelake-prod-restricted");
    assertThat(general).doesNotContainAnyElementsOf(restricted);
    Set<String> overridden = new HashSet<>();
    for (JsonNode o : s3.path("Overrides")) {
      overridden.add(o.path("BucketName").asText());
      assertThat(o.path("AwsKmsKey").asText()).as(o.path("BucketName").asText()).isNotEqualTo(generalKey);
    }
    assertThat(overridden).containsAll(restricted).doesNotContainAnyElementsOf(general);
    String localDisk = config.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration/AwsKmsKey").asText();
    assertThat(localDisk).isNotEqualTo(generalKey);
  }

  @Test
  void onlyPhiGroupsMapToTheRestrictedRoleAndRangerKnowsThem() throws Exception {
    Properties groups = new Properties();
    try (FileReader r = new FileReader(OozieApps.HOME.resolve("ranger-policies/local-user-groups.properties").toFile())) {
      groups.load(r);
    }
    Set<String> known = new HashSet<>();
    groups.values().forEach(v -> known.addAll(List.of(v.toString().split(","))));
    ArrayNode mappings = (ArrayNode) config.at("/AuthorizationConfiguration/EmrFsConfiguration/RoleMappings");
    Set<String> phi = new TreeSet<>();
    for (JsonNode m : mappings) {
      assertThat(m.path("IdentifierType").asText()).isEqualTo("Group");
      m.path("Identifiers").forEach(i -> assertThat(known).as("group %s", i.asText()).contains(i.asText()));
      if (m.path("Role").asText().contains("phi-restricted")) {
        m.path("Identifiers").forEach(i -> phi.add(i.asText()));
      }
    }
    assertThat(phi).containsExactly("etl", "phi_stewards").doesNotContain("analysts");
    assertThat(config.at("/AuthorizationConfiguration/RangerConfiguration/RangerPluginConfigurations/0/App").asText())
        .isEqualTo("Hive");
    assertThat(Path.of("emr-security-configuration.json")).isNotNull();
  }
}
