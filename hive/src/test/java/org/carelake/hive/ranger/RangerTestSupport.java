package org.carelake.hive.ranger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.HadoopDefaultAuthenticator;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthorizer;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzSessionContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivObjectActionType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivilegeObjectType;
import org.apache.hadoop.security.UserGroupInformation;
import org.carelake.hive.testing.AuditTrail;
import org.carelake.hive.testing.PolicyDirectories;

/** Shared fixtures: the repository's policy files, Hive objects, sessions as a given user, audit lines. */
final class RangerTestSupport {
  private RangerTestSupport() {
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
  }

  static Path repoPolicies() {
    return repoRoot().resolve("ranger-policies");
  }

  static Path repoPolicyFile() {
    return repoPolicies().resolve("hive-policies.json");
  }

  static Path repoGroups() {
    return repoPolicies().resolve("local-user-groups.properties");
  }

  /** A copy of the repository's policy files (every *.json of ranger-policies/) in a fresh directory under {@code tmp}. */
  static Path copyOfPolicies(Path tmp, String name) {
    return PolicyDirectories.copy(repoPolicies(), tmp.resolve(name));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HiveConf hiveConf(AuthorizationSettings settings) {
    HiveConf conf = new HiveConf();
    settings.hiveSiteEntries().forEach(conf::set);
    return conf;
  }

  /**
   * The authorizer HiveServer2 would create for a session of {@code user}: the real factory, and
   * Hive's HadoopDefaultAuthenticator run as that user (HiveServer2 itself uses SessionStateUserAuthenticator).
   */
  static HiveAuthorizer authorizerFor(String user, HiveConf conf) throws Exception {
    UserGroupInformation ugi = UserGroupInformation.createRemoteUser(user);
    HadoopDefaultAuthenticator authenticator = ugi.doAs((PrivilegedExceptionAction<HadoopDefaultAuthenticator>) () -> {
      HadoopDefaultAuthenticator a = new HadoopDefaultAuthenticator();
      a.setConf(conf);
      return a;
    });
    HiveAuthzSessionContext.Builder session = new HiveAuthzSessionContext.Builder();
    session.setClientType(HiveAuthzSessionContext.CLIENT_TYPE.HIVESERVER2);
    session.setSessionString("session-of-" + user);
    return new RangerHiveAuthorizerFactory().createHiveAuthorizer(null, conf, authenticator, session.build());
  }

  static HiveAuthzContext context(String ip, String sql) {
    HiveAuthzContext.Builder b = new HiveAuthzContext.Builder();
    b.setUserIpAddress(ip);
    b.setCommandString(sql);
    return b.build();
  }

  static HivePrivilegeObject database(String db) {
    return new HivePrivilegeObject(HivePrivilegeObjectType.DATABASE, db, null);
  }

  static HivePrivilegeObject table(String db, String table, String... columns) {
    return new HivePrivilegeObject(HivePrivilegeObjectType.TABLE_OR_VIEW, db, table, null, List.of(columns),
        HivePrivObjectActionType.OTHER, null, null);
  }

  static HivePrivilegeObject written(String db, String table, HivePrivObjectActionType action) {
    return new HivePrivilegeObject(HivePrivilegeObjectType.TABLE_OR_VIEW, db, table, action);
  }

  static HivePrivilegeObject uri(String path) {
    return new HivePrivilegeObject(HivePrivilegeObjectType.DFS_URI, null, path);
  }

  /** Audit events (one JSON object per line) of every *.log file under {@code dir}. */
  static List<Map<String, Object>> auditEvents(Path dir) {
    return AuditTrail.events(dir);
  }

  /** Waits (Ranger flushes its audit queue about once a second) for an event matching {@code p}. */
  static Map<String, Object> awaitAuditEvent(Path dir, Predicate<Map<String, Object>> p, Duration timeout)
      throws InterruptedException {
    return AuditTrail.await(dir, p, timeout);
  }
}
