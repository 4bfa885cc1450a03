package org.carelake.hive.ranger;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.policyengine.RangerPolicyEngineOptions;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranger's policy engine for service type "hive", plus what the authorizer needs beside it: the
 * user-group mapping, the names of the loaded policies (for error messages) and whether any
 * data-mask or row-filter policy is loaded (so Hive only rewrites queries when one is).
 *
 * <p>One plugin per distinct configuration and JVM ({@link #forConfiguration}): Ranger's refresher
 * thread and audit pipeline are meant to live as long as HiveServer2.
 */
public final class HiveRangerPlugin extends RangerBasePlugin {
  private static final Logger LOG = LoggerFactory.getLogger(HiveRangerPlugin.class);
  static final String PROPERTY_PREFIX = "ranger.plugin." + HiveServiceDef.SERVICE_TYPE;
  private static final Map<Map<String, String>, HiveRangerPlugin> PLUGINS = new ConcurrentHashMap<>();

  private final Optional<UserGroupMapping> groups;
  // Assigned from setPolicies(), which RangerBasePlugin may call from its constructor: no initializers.
  private volatile Map<Long, String> policyNames;
  private volatile boolean transformPolicies;

  private HiveRangerPlugin(RangerPluginConfig config, Optional<UserGroupMapping> groups) {
    super(config);
    this.groups = groups;
  }

  private HiveRangerPlugin(RangerPluginConfig config, ServicePolicies policies, Optional<UserGroupMapping> groups) {
    super(config, policies, null, null);
    this.groups = groups;
  }

  /**
   * The plugin for these settings (see {@link AuthorizationSettings}), created and started on first
   * use. Fails with a {@link PolicyFileException} naming the file when the policies do not load:
   * no authorizer, no access.
   */
  public static HiveRangerPlugin forConfiguration(Configuration conf, String appId) {
    Map<String, String> key = new TreeMap<>(relevantSettings(conf));
    key.put("(appId)", appId);
    HiveRangerPlugin existing = PLUGINS.get(key);
    if (existing != null) {
      return existing;
    }
    synchronized (PLUGINS) {
      return PLUGINS.computeIfAbsent(key, k -> start(conf, appId));
    }
  }

  /** A plugin over fixed policies, without refresher or cache: for checks, CLIs and tests. */
  public static HiveRangerPlugin forPolicies(ServicePolicies policies, Optional<UserGroupMapping> groups) {
    keepRangerQuiet();
    RangerPolicyEngineOptions options = new RangerPolicyEngineOptions();
    options.disablePolicyRefresher = true;
    options.disableTagRetriever = true;
    options.disableUserStoreRetriever = true;
    RangerPluginConfig config = new RangerPluginConfig(HiveServiceDef.SERVICE_TYPE, policies.getServiceName(),
        "carelake-check", null, null, options);
    return new HiveRangerPlugin(config, policies, groups);
  }

  private static HiveRangerPlugin start(Configuration conf, String appId) {
    keepRangerQuiet();
    String service = AuthorizationSettings.serviceName(conf);
    Path dir = AuthorizationSettings.policyDir(conf);
    // Read once here so a broken file fails the session with its name, instead of Ranger logging
    // it and silently falling back to a cached copy or to no policies.
    ServicePolicies initial = PolicyFiles.read(dir, service, HiveServiceDef.load());
    Optional<UserGroupMapping> groups = Optional.ofNullable(conf.getTrimmed(AuthorizationSettings.USER_GROUPS_FILE))
        .filter(s -> !s.isEmpty()).map(s -> UserGroupMapping.load(Path.of(s)));

    RangerPolicyEngineOptions options = new RangerPolicyEngineOptions();
    options.configureForPlugin(conf, PROPERTY_PREFIX);
    RangerPluginConfig config = new RangerPluginConfig(HiveServiceDef.SERVICE_TYPE, service, appId, null, null,
        options);
    relevantSettings(conf).forEach(config::set);
    config.set(AuthorizationSettings.RANGER_SERVICE_NAME, service);
    if (config.get(AuthorizationSettings.RANGER_POLICY_SOURCE) == null) {
      // Ranger's default source is the Admin REST API: ~7 s of retries and errors on every poll.
      config.set(AuthorizationSettings.RANGER_POLICY_SOURCE, PolicyFileAdminClient.class.getName());
    }
    String auditDir = conf.getTrimmed(AuthorizationSettings.AUDIT_DIR);
    if (auditDir != null && !auditDir.isEmpty()) {
      if (!Path.of(auditDir).isAbsolute()) {
        throw new IllegalArgumentException(AuthorizationSettings.AUDIT_DIR + " = " + auditDir
            + " is relative; Ranger's audit writer needs an absolute directory");
      }
      config.set(AuthorizationSettings.AUDIT_ENABLED, "true");
      config.set(AuthorizationSettings.AUDIT_FILE, "true");
      config.set(AuthorizationSettings.AUDIT_FILE_DIR, auditDir);
    }
    HiveRangerPlugin plugin = new HiveRangerPlugin(config, groups);
    plugin.init();
    if (plugin.getPoliciesVersion() < 0) {
      plugin.cleanup();
      throw new PolicyFileException("Ranger loaded no policies from " + dir + " (service " + service + "); see "
          + "the log of org.apache.ranger.plugin.util.PolicyRefresher");
    }
    LOG.info("Ranger Hive plugin for service {} started: {} policies from {} (version {}), groups from {}, audit to {}",
        service, initial.getPolicies().size(), dir, plugin.getPoliciesVersion(),
        groups.map(UserGroupMapping::source).map(Object::toString).orElse("Hadoop's group mapping"),
        auditDir == null ? "(audit off)" : auditDir);
    return plugin;
  }

  /** carelake.ranger.*, ranger.plugin.hive.* and xasecure.* entries: all the plugin reads. */
  static Map<String, String> relevantSettings(Configuration conf) {
    Map<String, String> s = new HashMap<>();
    for (Map.Entry<String, String> e : conf) {
      String k = e.getKey();
      if (k.startsWith("carelake.ranger.") || k.startsWith(PROPERTY_PREFIX + ".") || k.startsWith("xasecure.")) {
        s.put(k, conf.get(k));
      }
    }
    return s;
  }

  /**
   * With no logging configuration log4j can report DEBUG for Ranger, whose perf tracer then makes
   * every decision ~100x slower: cap Ranger at INFO unless carelake.ranger.debug=true.
   */
  static void keepRangerQuiet() {
    if (LoggerFactory.getLogger("org.apache.ranger").isDebugEnabled() && !Boolean.getBoolean("carelake.ranger.debug")) {
      Configurator.setLevel("org.apache.ranger", Level.INFO);
      LOG.warn("org.apache.ranger logged at DEBUG, which slows Ranger's engine ~100x; set it to INFO "
          + "(run with -Dcarelake.ranger.debug=true to keep DEBUG)");
    }
  }

  @Override
  public void setPolicies(ServicePolicies policies) {
    super.setPolicies(policies);
    if (policies == null || policies.getPolicies() == null) {
      return;
    }
    Map<Long, String> names = new HashMap<>();
    boolean transforms = false;
    for (RangerPolicy p : policies.getPolicies()) {
      names.put(p.getId(), p.getName());
      Integer type = p.getPolicyType();
      transforms |= !Boolean.FALSE.equals(p.getIsEnabled()) && type != null
          && (type == RangerPolicy.POLICY_TYPE_DATAMASK || type == RangerPolicy.POLICY_TYPE_ROWFILTER);
    }
    this.policyNames = Collections.unmodifiableMap(names);
    this.transformPolicies = transforms;
  }

  /** Groups of a user from the mapping file, or empty when groups come from Hadoop instead. */
  Optional<UserGroupMapping> groupMapping() {
    return groups;
  }

  /** Whether any enabled data-mask or row-filter policy is loaded. */
  boolean hasTransformPolicies() {
    return transformPolicies;
  }

  /** The policy's name, or "" for an unknown id (-1: no policy matched). */
  String policyName(long id) {
    Map<Long, String> names = policyNames;
    return names == null ? "" : names.getOrDefault(id, "");
  }

  /**
   * Stops every plugin {@link #forConfiguration} started (their policy refresher threads), e.g. when
   * an in-process HiveServer2 stops; the next session starts a fresh one.
   */
  public static void stopAll() {
    synchronized (PLUGINS) {
      PLUGINS.values().forEach(RangerBasePlugin::cleanup);
      PLUGINS.clear();
    }
  }
}
