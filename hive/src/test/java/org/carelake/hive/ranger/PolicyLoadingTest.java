package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAccessControlException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthorizer;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzPluginException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Policies reach the engine through {@link PolicyFileAdminClient} and Ranger's own refresher:
 * changes are picked up, a broken file names itself and never opens access.
 */
class PolicyLoadingTest {
  @TempDir
  Path tmp;

  @AfterEach
  void stop() {
    HiveRangerPlugin.stopAll();
  }

  private static Configuration confFor(Path policyDir) {
    Configuration conf = new Configuration(false);
    conf.set(AuthorizationSettings.POLICY_DIR, policyDir.toString());
    return conf;
  }

  @Test
  void theAdminClientReturnsPoliciesOnlyWhenTheFilesChanged() {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "p");
    PolicyFileAdminClient client = new PolicyFileAdminClient();
    client.init("carelake_hive", "test", "ranger.plugin.hive", confFor(dir));
    ServicePolicies first = client.getServicePoliciesIfUpdated(-1, 0);
    assertThat(first.getPolicies()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(client.getServicePoliciesIfUpdated(first.getPolicyVersion(), 0)).isNull();

    Path file = dir.resolve("hive-policies.json");
    RangerTestSupport.write(file, RangerTestSupport.read(file).replace("\"analysts\",", "\"auditors\","));
    ServicePolicies second = client.getServicePoliciesIfUpdated(first.getPolicyVersion(), 0);
    assertThat(second).isNotNull();
    assertThat(second.getPolicyVersion()).isNotEqualTo(first.getPolicyVersion());

    RangerTestSupport.write(file, "{\"policies\": [");
    assertThatThrownBy(() -> client.getServicePoliciesIfUpdated(second.getPolicyVersion(), 0))
        .isInstanceOf(PolicyFileException.class).hasMessageContaining(file.toString());
  }

  @Test
  void aBrokenPolicyFileKeepsTheAuthorizerFromStarting() throws Exception {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "broken");
    Path file = dir.resolve("hive-policies.json");
    RangerTestSupport.write(file, RangerTestSupport.read(file).replace("\"type\": \"select\"", "\"type\": \"Select\""));
    HiveConf conf = RangerTestSupport.hiveConf(new AuthorizationSettings(dir, RangerTestSupport.repoGroups(),
        tmp.resolve("audit"), tmp.resolve("cache")));
    assertThatThrownBy(() -> RangerTestSupport.authorizerFor("analyst1", conf))
        .isInstanceOf(HiveAuthzPluginException.class)
        .hasMessageContaining("cannot start")
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'Select'");
  }

  @Test
  void changedFilesAreReloadedAndABrokenEditKeepsTheLastGoodPolicies() throws Exception {
    Path dir = RangerTestSupport.copyOfPolicies(tmp, "live");
    Path file = dir.resolve("hive-policies.json");
    Path cache = tmp.resolve("cache");
    HiveConf conf = RangerTestSupport.hiveConf(new AuthorizationSettings(dir, RangerTestSupport.repoGroups(),
        tmp.resolve("audit"), cache).withPollIntervalMs(1000));
    HiveAuthorizer analyst = RangerTestSupport.authorizerFor("analyst1", conf);
    Runnable read = () -> {
      try {
        analyst.checkPrivileges(HiveOperationType.QUERY,
            List.of(RangerTestSupport.table("clinical", "encounters", "code")), List.of(), null);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    };
    read.run();
    // Ranger keeps the last good policies in its cache directory, named after app and service.
    assertThat(cache.resolve("hiveServer2_carelake_hive.json")).exists();

    // Policy 4 no longer names the analysts group: within a few polls analyst1 loses clinical.
    RangerTestSupport.write(file, RangerTestSupport.read(file).replace("\"analysts\"\n", "\"auditors\"\n"));
    awaitDenied(read, 15_000);

    // A broken edit is refused by the refresher; the last good policies stay in force.
    RangerTestSupport.write(file, "{ not json");
    Thread.sleep(2500);
    assertThatThrownBy(read::run).hasCauseInstanceOf(HiveAccessControlException.class)
        .hasMessageContaining("[select] privilege on [clinical/encounters/code]");
    assertThat(Files.readString(cache.resolve("hiveServer2_carelake_hive.json"))).contains("auditors");
  }

  private static void awaitDenied(Runnable read, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      try {
        read.run();
      } catch (IllegalStateException denied) {
        assertThat(denied).hasCauseInstanceOf(HiveAccessControlException.class);
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("analyst1 still reads clinical " + timeoutMs + " ms after the policy changed");
      }
      Thread.sleep(250);
    }
  }
}
