package org.carelake.hive.ranger;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.ranger.admin.client.AbstractRangerAdminClient;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * Ranger's policy source, reading the policy directory instead of calling a Ranger Admin REST
 * endpoint (named by ranger.plugin.hive.policy.source.impl). Ranger's own PolicyRefresher keeps
 * polling it, hot-reloads changed files and keeps the last good set in its cache directory.
 *
 * <p>A file that does not parse makes {@link #getServicePoliciesIfUpdated} throw: the refresher
 * logs the message (it names the file) and keeps the policies it already had; a plugin that never
 * loaded any denies everything.
 */
public class PolicyFileAdminClient extends AbstractRangerAdminClient {
  private String serviceName;
  private Path policyDir;
  private RangerServiceDef serviceDef;

  @Override
  public void init(String serviceName, String appId, String configPropertyPrefix, Configuration config) {
    super.init(serviceName, appId, configPropertyPrefix, config);
    this.serviceName = serviceName;
    this.policyDir = AuthorizationSettings.policyDir(config);
    this.serviceDef = HiveServiceDef.load();
  }

  /** New policies when the files differ from {@code lastKnownVersion}, else null (Ranger's contract). */
  @Override
  public ServicePolicies getServicePoliciesIfUpdated(long lastKnownVersion, long lastActivationTimeInMillis) {
    ServicePolicies policies = PolicyFiles.read(policyDir, serviceName, serviceDef);
    return policies.getPolicyVersion() == lastKnownVersion ? null : policies;
  }

  @Override
  public String toString() {
    return "PolicyFileAdminClient[" + serviceName + ", " + policyDir + "]";
  }
}
