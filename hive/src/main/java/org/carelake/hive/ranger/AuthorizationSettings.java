package org.carelake.hive.ranger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;

/**
 * The hive-site.xml entries that put HiveServer2 behind CareLake's Ranger-backed authorizer:
 * policies from a directory of Ranger Admin export files, groups from a properties file, every
 * decision audited as JSON lines into a directory, Ranger's last-good policy cache in another.
 *
 * <pre>{@code
 * Map<String, String> site = AuthorizationSettings.local(repoRoot, baseDir).hiveSiteEntries();
 * LocalHiveServer.builder().extraSettings(site)...
 * }</pre>
 *
 * <p>The keys are also the authorizer's configuration contract: {@link #policyDir(Configuration)}
 * and friends read them back on the server side.
 */
public final class AuthorizationSettings {
  /** Ranger service name the policies are written for (each policy's "service"). */
  public static final String SERVICE_NAME = "carelake.ranger.service.name";
  public static final String DEFAULT_SERVICE_NAME = "carelake_hive";
  /** Directory of Ranger Admin export files (*.json) read by {@link PolicyFileAdminClient}. */
  public static final String POLICY_DIR = "carelake.ranger.policy.dir";
  /** Properties file user=group1,group2 (local stand-in for OS/LDAP groups). */
  public static final String USER_GROUPS_FILE = "carelake.ranger.user.groups.file";
  /** Absolute directory of the JSON-lines audit files. */
  public static final String AUDIT_DIR = "carelake.ranger.audit.dir";
  /** How often Ranger re-reads the policy files, in ms (Ranger's own key). */
  public static final String POLL_INTERVAL_MS = "ranger.plugin.hive.policy.pollIntervalMs";

  static final String RANGER_SERVICE_NAME = "ranger.plugin.hive.service.name";
  static final String RANGER_POLICY_SOURCE = "ranger.plugin.hive.policy.source.impl";
  static final String RANGER_CACHE_DIR = "ranger.plugin.hive.policy.cache.dir";
  static final String AUDIT_ENABLED = "xasecure.audit.is.enabled";
  static final String AUDIT_FILE = "xasecure.audit.destination.file";
  static final String AUDIT_FILE_DIR = "xasecure.audit.destination.file.dir";
  /** Flush the file destination's batch queue every second, so an audit line follows its query closely. */
  static final String AUDIT_FILE_BATCH_INTERVAL = "xasecure.audit.destination.file.batch.batch.interval.ms";

  /** Prefixes a session must not override with SET or a JDBC URL's hiveconf: its own policy source or groups. */
  static final String[] SESSION_RESTRICTED_PREFIXES = {"carelake.ranger.", "ranger.plugin.", "xasecure."};

  private final Path policyDir;
  private final Path userGroupsFile;
  private final Path auditDir;
  private final Path cacheDir;
  private final String serviceName;
  private final long pollIntervalMs;

  public AuthorizationSettings(Path policyDir, Path userGroupsFile, Path auditDir, Path cacheDir) {
    this(policyDir, userGroupsFile, auditDir, cacheDir, DEFAULT_SERVICE_NAME, 30_000L);
  }

  private AuthorizationSettings(Path policyDir, Path userGroupsFile, Path auditDir, Path cacheDir,
      String serviceName, long pollIntervalMs) {
    // Ranger's audit properties do not expand ${...} and Hive may run elsewhere: absolute paths only.
    this.policyDir = absolute(policyDir, "policyDir");
    this.userGroupsFile = userGroupsFile == null ? null : userGroupsFile.toAbsolutePath().normalize();
    this.auditDir = absolute(auditDir, "auditDir");
    this.cacheDir = absolute(cacheDir, "cacheDir");
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    if (pollIntervalMs < 1000) {
      throw new IllegalArgumentException("Policy poll interval " + pollIntervalMs + " ms is below 1000 ms; "
          + "Ranger re-reads every policy file on each poll");
    }
    this.pollIntervalMs = pollIntervalMs;
  }

  /**
   * The repository's policies and local groups (REPO/ranger-policies), audit and cache under
   * BASE/ranger-audit and BASE/ranger-cache.
   */
  public static AuthorizationSettings local(Path repoRoot, Path baseDir) {
    Path policies = repoRoot.resolve("ranger-policies");
    return new AuthorizationSettings(policies, policies.resolve("local-user-groups.properties"),
        baseDir.resolve("ranger-audit"), baseDir.resolve("ranger-cache"));
  }

  public AuthorizationSettings withServiceName(String name) {
    return new AuthorizationSettings(policyDir, userGroupsFile, auditDir, cacheDir, name, pollIntervalMs);
  }

  /**
   * Groups from Hadoop's group mapping (hadoop.security.group.mapping: the OS groups of the user,
   * or LdapGroupsMapping) instead of a file, as on a cluster.
   */
  public AuthorizationSettings withHadoopGroupMapping() {
    return new AuthorizationSettings(policyDir, null, auditDir, cacheDir, serviceName, pollIntervalMs);
  }

  public AuthorizationSettings withPollIntervalMs(long ms) {
    return new AuthorizationSettings(policyDir, userGroupsFile, auditDir, cacheDir, serviceName, ms);
  }

  public Path policyDir() {
    return policyDir;
  }

  /** The user-group file; empty when groups come from Hadoop's group mapping. */
  public java.util.Optional<Path> userGroupsFile() {
    return java.util.Optional.ofNullable(userGroupsFile);
  }

  public Path auditDir() {
    return auditDir;
  }

  public Path cacheDir() {
    return cacheDir;
  }

  public String serviceName() {
    return serviceName;
  }

  /** hive-site.xml entries (insertion-ordered) enabling the authorizer with these settings. */
  public Map<String, String> hiveSiteEntries() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hive.security.authorization.enabled", "true");
    s.put("hive.security.authorization.manager", RangerHiveAuthorizerFactory.class.getName());
    // Without it the authorizer sees the OS user of HiveServer2 instead of the JDBC user.
    s.put("hive.security.authenticator.manager",
        "org.apache.hadoop.hive.ql.security.SessionStateUserAuthenticator");
    s.put("hive.conf.restricted.list", restrictedList());
    s.put(SERVICE_NAME, serviceName);
    s.put(POLICY_DIR, policyDir.toString());
    if (userGroupsFile != null) {
      s.put(USER_GROUPS_FILE, userGroupsFile.toString());
    }
    s.put(AUDIT_DIR, auditDir.toString());
    s.put(RANGER_SERVICE_NAME, serviceName);
    s.put(RANGER_POLICY_SOURCE, PolicyFileAdminClient.class.getName());
    s.put(RANGER_CACHE_DIR, cacheDir.toString());
    s.put(POLL_INTERVAL_MS, Long.toString(pollIntervalMs));
    s.put(AUDIT_ENABLED, "true");
    s.put(AUDIT_FILE, "true");
    s.put(AUDIT_FILE_DIR, auditDir.toString());
    s.put(AUDIT_FILE_BATCH_INTERVAL, "1000");
    return s;
  }

  /** Hive's default restricted list plus the authorizer's prefixes. */
  static String restrictedList() {
    StringBuilder b = new StringBuilder(HiveConf.ConfVars.HIVE_CONF_RESTRICTED_LIST.getDefaultValue());
    for (String prefix : SESSION_RESTRICTED_PREFIXES) {
      b.append(',').append(prefix);
    }
    return b.toString();
  }

  static String serviceName(Configuration conf) {
    return conf.getTrimmed(SERVICE_NAME, DEFAULT_SERVICE_NAME);
  }

  static Path policyDir(Configuration conf) {
    return requiredPath(conf, POLICY_DIR, "the directory holding hive-policies.json");
  }

  private static Path requiredPath(Configuration conf, String key, String what) {
    String value = conf.getTrimmed(key);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + " is not set; set it in hive-site.xml to " + what
          + " (AuthorizationSettings.hiveSiteEntries() writes it)");
    }
    return Path.of(value);
  }

  private static Path absolute(Path p, String name) {
    return Objects.requireNonNull(p, name).toAbsolutePath().normalize();
  }

  @Override
  public String toString() {
    return "AuthorizationSettings[service=" + serviceName + ", policies=" + policyDir + ", groups="
        + userGroupsFile + ", audit=" + auditDir + ", cache=" + cacheDir + "]";
  }
}
