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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * emr-security-configuration.json is a template: scripts/create-cluster.sh renders it for every
 * environment (cluster.env) and cluster role (the etl cluster's without RangerConfiguration). Each
 * rendering is checked against the JSON Schema kept beside it (the structure AWS documents,
 * CareLake's requirements as const/required) and against the rest of the project: the restricted
 * and limited buckets of every environment have keys of their own, no environment uses another's
 * buckets or keys, the split job's Parquet master keys are the zones' keys, only PHI groups map to
 * the restricted bucket's role, and those groups are the ones the Ranger policies know.
 */
class EmrSecurityConfigurationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;
  /** environment -> role -> the rendered configuration. */
  private static final Map<String, Map<String, JsonNode>> RENDERED = new LinkedHashMap<>();

  @BeforeAll
  static void render() throws Exception {
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(JSON.readTree(OozieApps.HOME.resolve("emr-security-configuration.schema.json").toFile()));
    for (String env : ClusterEnv.names()) {
      for (String role : ClusterEnv.ROLES) {
        RENDERED.computeIfAbsent(env, e -> new LinkedHashMap<>()).put(role, ClusterEnv.securityConfiguration(env, role));
      }
    }
  }

  private static Set<String> errors(JsonNode json) {
    Set<String> out = new TreeSet<>();
    for (ValidationMessage m : schema.validate(json)) {
      out.add(m.getMessage());
    }
    return out;
  }

  private static JsonNode s3(JsonNode config) {
    return config.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/S3EncryptionConfiguration");
  }

  private static String bucket(Properties job, String root) {
    return URI.create(job.getProperty(root)).getHost();
  }

  /** bucket -> KMS key of the S3 overrides. */
  private static Map<String, String> overrides(JsonNode config) {
    Map<String, String> out = new LinkedHashMap<>();
    s3(config).path("Overrides").forEach(o -> out.put(o.path("BucketName").asText(), o.path("AwsKmsKey").asText()));
    return out;
  }

  @Test
  void everyEnvironmentAndRoleRendersToAValidConfigurationWithNothingLeftUnrendered() throws Exception {
    assertThat(RENDERED.keySet()).contains("dev", "prod");
    String template = Files.readString(OozieApps.HOME.resolve("emr-security-configuration.json"));
    assertThat(template).contains("${ENV}", "${ACCOUNT_ID}", "${REGION}");
    for (String env : RENDERED.keySet()) {
      Properties cluster = ClusterEnv.load(env);
      for (String role : ClusterEnv.ROLES) {
        JsonNode config = RENDERED.get(env).get(role);
        String text = JSON.writeValueAsString(config);
        assertThat(text).as("%s %s", env, role).doesNotContain("${").doesNotContain("$")
            .contains(":" + cluster.getProperty("ACCOUNT_ID") + ":").contains("carelake-" + env + "-");
        assertThat(errors(config)).as("%s %s", env, role).isEmpty();
      }
    }
  }

  @Test
  void onlyTheQueryClusterHasRangerAndTheEtlClusterIsTheSameOtherwise() {
    for (Map<String, JsonNode> byRole : RENDERED.values()) {
      JsonNode query = byRole.get("query");
      JsonNode etl = byRole.get("etl");
      assertThat(etl.at("/AuthorizationConfiguration").has("RangerConfiguration")).isFalse();
      assertThat(query.at("/AuthorizationConfiguration/RangerConfiguration/RangerPluginConfigurations/0/App").asText())
          .isEqualTo("Hive");
      ObjectNode withoutRanger = query.deepCopy();
      ((ObjectNode) withoutRanger.get("AuthorizationConfiguration")).remove("RangerConfiguration");
      assertThat(withoutRanger).isEqualTo(etl);
    }
  }

  @Test
  void theRangerPluginUsesThePolicyRepositoryOurPoliciesAreExportedFrom() throws Exception {
    JsonNode policies = JSON.readTree(OozieApps.HOME.resolve("ranger-policies/hive-policies.json").toFile());
    Set<String> services = new TreeSet<>();
    policies.path("policies").forEach(p -> services.add(p.path("service").asText()));
    for (Map<String, JsonNode> byRole : RENDERED.values()) {
      assertThat(services).containsExactly(byRole.get("query")
          .at("/AuthorizationConfiguration/RangerConfiguration/RangerPluginConfigurations/0/PolicyRepositoryName").asText());
    }
  }

  @Test
  void theRestrictedAndLimitedBucketsOfEveryEnvironmentHaveKeysOfTheirOwn() throws Exception {
    Set<String> allKeys = new HashSet<>();
    Set<String> allBuckets = new HashSet<>();
    for (String env : RENDERED.keySet()) {
      Properties job = ClusterEnv.jobProperties(env);
      for (String role : ClusterEnv.ROLES) {
        JsonNode config = RENDERED.get(env).get(role);
        String generalKey = s3(config).path("AwsKmsKey").asText();
        Set<String> restricted = new TreeSet<>();
        for (String k : List.of("stagingRoot", "restrictedRoot", "quarantineRoot")) {
          restricted.add(bucket(job, k));
        }
        Set<String> general = new TreeSet<>();
        for (String k : List.of("generalRoot", "snapshotRoot", "manifestRoot")) {
          general.add(bucket(job, k));
        }
        String limited = bucket(job, "limitedRoot");
        assertThat(restricted).as(env).containsExactly("carelake-" + env + "-restricted");
        assertThat(general).as(env).doesNotContainAnyElementsOf(restricted).doesNotContain(limited);

        Map<String, String> overrides = overrides(config);
        assertThat(overrides.keySet()).as("%s %s", env, role).containsExactlyInAnyOrder(restricted.iterator().next(), limited);
        String restrictedKey = overrides.get(restricted.iterator().next());
        String limitedKey = overrides.get(limited);
        String localDisk = config.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration/AwsKmsKey").asText();
        assertThat(List.of(generalKey, restrictedKey, limitedKey, localDisk)).as("%s %s", env, role).doesNotHaveDuplicates();

        // the split job encrypts each zone's Parquet under the same key as its bucket
        assertThat(job.getProperty("generalMasterKey")).as(env).isEqualTo(generalKey);
        assertThat(job.getProperty("restrictedMasterKey")).as(env).isEqualTo(restrictedKey);
        assertThat(job.getProperty("limitedMasterKey")).as(env).isEqualTo(limitedKey);
        if (role.equals("query")) {
          assertThat(allKeys).as("keys of %s used by another environment", env)
              .doesNotContainAnyElementsOf(List.of(generalKey, restrictedKey, limitedKey, localDisk));
          assertThat(allBuckets).as("buckets of %s used by another environment", env)
              .doesNotContainAnyElementsOf(overrides.keySet());
          allKeys.addAll(List.of(generalKey, restrictedKey, limitedKey, localDisk));
          allBuckets.addAll(overrides.keySet());
        }
      }
    }
  }

  @Test
  void theSchemaRejectsWeakenedOrMisspeltConfigurations() {
    JsonNode config = RENDERED.get("prod").get("query");
    ObjectNode noEbs = config.deepCopy();
    ((ObjectNode) noEbs.at("/EncryptionConfiguration/AtRestEncryptionConfiguration/LocalDiskEncryptionConfiguration"))
        .put("EnableEbsEncryption", false);
    assertThat(errors(noEbs)).anyMatch(e -> e.contains("EnableEbsEncryption"));

    ObjectNode imdsV1 = config.deepCopy();
    ((ObjectNode) imdsV1.at("/InstanceMetadataServiceConfiguration")).put("MinimumInstanceMetadataServiceVersion", 1);
    assertThat(errors(imdsV1)).anyMatch(e -> e.contains("MinimumInstanceMetadataServiceVersion"));

    ObjectNode sseS3 = config.deepCopy();
    ((ObjectNode) s3(sseS3)).put("EncryptionMode", "SSE-S3");
    assertThat(errors(sseS3)).anyMatch(e -> e.contains("EncryptionMode"));

    ObjectNode misspelt = config.deepCopy();
    JsonNode kdc = misspelt.at("/AuthenticationConfiguration/KerberosConfiguration/ClusterDedicatedKdcConfiguration");
    ((ObjectNode) kdc).set("TicketLifeTimeInHours", ((ObjectNode) kdc).remove("TicketLifetimeInHours"));
    assertThat(errors(misspelt)).anyMatch(e -> e.contains("TicketLifeTimeInHours"))
        .anyMatch(e -> e.contains("TicketLifetimeInHours"));

    ObjectNode noTrust = config.deepCopy();
    ((ObjectNode) noTrust.at("/AuthenticationConfiguration/KerberosConfiguration/ClusterDedicatedKdcConfiguration"))
        .remove("CrossRealmTrustConfiguration");
    assertThat(errors(noTrust)).anyMatch(e -> e.contains("CrossRealmTrustConfiguration"));

    ObjectNode badKey = config.deepCopy();
    ((ObjectNode) s3(badKey)).put("AwsKmsKey", "carelake-general-zone");
    assertThat(errors(badKey)).anyMatch(e -> e.contains("AwsKmsKey"));

    ObjectNode unrendered = config.deepCopy();
    ((ObjectNode) s3(unrendered)).put("AwsKmsKey", "arn:aws:kms:${REGION}:${ACCOUNT_ID}:alias/carelake-${ENV}-general-zone");
    assertThat(errors(unrendered)).anyMatch(e -> e.contains("AwsKmsKey"));
  }

  @Test
  void onlyPhiGroupsMapToTheRestrictedRoleAndRangerKnowsThem() throws Exception {
    Properties groups = new Properties();
    try (FileReader r = new FileReader(OozieApps.HOME.resolve("ranger-policies/local-user-groups.properties").toFile())) {
      groups.load(r);
    }
    Set<String> known = new HashSet<>();
    groups.values().forEach(v -> known.addAll(List.of(v.toString().split(","))));
    for (Map<String, JsonNode> byRole : RENDERED.values()) {
      for (JsonNode config : byRole.values()) {
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
      }
    }
  }

  @Test
  void aPlaceholderNoSettingProvidesIsRefusedByName(@TempDir Path home) throws Exception {
    // a copy of the checkout's script, environment and template, the template with one placeholder too many
    Files.createDirectories(home.resolve("scripts"));
    Files.copy(OozieApps.HOME.resolve("scripts/create-cluster.sh"), home.resolve("scripts/create-cluster.sh"));
    Path env = Files.createDirectories(home.resolve("oozie-workflows/env/dev"));
    Files.copy(OozieApps.ENVIRONMENTS.resolve("dev/cluster.env"), env.resolve("cluster.env"));
    Files.copy(OozieApps.ENVIRONMENTS.resolve("dev/job.properties"), env.resolve("job.properties"));
    Files.writeString(home.resolve("emr-security-configuration.json"),
        Files.readString(OozieApps.HOME.resolve("emr-security-configuration.json"))
            .replace("carelake-${ENV}-restricted\"", "carelake-${ENV}-restricted-${BUCKET_SUFFIX}\""));

    Scripts.Run run = Scripts.run(home.resolve("scripts/create-cluster.sh"), Map.of(), "--env", "dev", "--cluster", "etl",
        "--print-security-configuration");

    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.err()).contains("uses ${BUCKET_SUFFIX}, which nothing provides")
        .contains("${ENV}", "${ACCOUNT_ID}", "${REGION}");
    assertThat(run.out()).isEmpty();
  }
}
