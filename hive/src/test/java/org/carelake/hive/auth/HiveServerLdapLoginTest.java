package org.carelake.hive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.hive.testing.PolicyDirectories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HiveServer2 with LDAP logins (hive.server2.authentication=LDAP, as carelake.hive.authentication=ldap
 * configures it) against a real in-memory LDAP directory: the right password gets in, a wrong one and
 * an unknown user do not, and the Ranger authorizer then applies the logged-in user's policies.
 */
class HiveServerLdapLoginTest {
  private static final String BASE = "dc=carelake,dc=local";
  private static final String PEOPLE = "ou=people," + BASE;

  @TempDir
  static Path tmp;
  static InMemoryDirectoryServer ldap;
  static LocalHiveServer hive;

  @BeforeAll
  static void start() throws Exception {
    InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
    cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0,
        null));
    ldap = new InMemoryDirectoryServer(cfg);
    ldap.add("dn: " + BASE, "objectClass: domain", "dc: carelake");
    ldap.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
    ldap.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
    person("analyst1", "analyst1-ldap-pw");
    person("steward1", "steward1-ldap-pw");
    person("etl", "etl-ldap-password");
    ldap.add("dn: cn=analysts,ou=groups," + BASE, "objectClass: groupOfNames", "cn: analysts",
        "member: uid=analyst1," + PEOPLE);
    ldap.add("dn: cn=phi_stewards,ou=groups," + BASE, "objectClass: groupOfNames", "cn: phi_stewards",
        "member: uid=steward1," + PEOPLE);
    ldap.startListening();

    Path home = Path.of(System.getProperty("carelake.home"));
    Path hiveBase = tmp.resolve("hive");
    AuthorizationSettings authz = new AuthorizationSettings(
        PolicyDirectories.copy(home.resolve("ranger-policies"), tmp.resolve("policies")),
        home.resolve("ranger-policies/local-user-groups.properties"), hiveBase.resolve("ranger-audit"),
        hiveBase.resolve("ranger-cache"));
    hive = LocalHiveServer.builder().baseDir(hiveBase)
        .extraSettings(authz.hiveSiteEntries())
        .extraSettings(Map.of(
            "hive.server2.authentication", "LDAP",
            "hive.server2.authentication.ldap.url", "ldap://127.0.0.1:" + ldap.getListenPort(),
            "hive.server2.authentication.ldap.baseDN", PEOPLE))
        .build().start();
    try (Connection etl = hive.login("etl", "etl-ldap-password"); Statement st = etl.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS phi_restricted");
      st.execute("CREATE TABLE phi_restricted.patients (patient_token STRING, ssn STRING)");
    }
  }

  private static void person(String uid, String password) throws Exception {
    ldap.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
        "sn: " + uid, "userPassword: " + password);
  }

  @AfterAll
  static void stop() {
    if (hive != null) {
      hive.close();
    }
    HiveRangerPlugin.stopAll();
    if (ldap != null) {
      ldap.shutDown(true);
    }
  }

  @Test
  void theRightPasswordLogsInAndTheSessionUserIsTheLdapUser() throws Exception {
    try (Connection c = hive.login("analyst1", "analyst1-ldap-pw"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT current_user()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("analyst1");
    }
  }

  @Test
  void aWrongPasswordAnEmptyOneAndAnUnknownUserAreRefused() {
    assertThatThrownBy(() -> hive.login("analyst1", "steward1-ldap-pw").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
    assertThatThrownBy(() -> hive.login("analyst1", "").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
    assertThatThrownBy(() -> hive.login("mallory", "analyst1-ldap-pw").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
  }

  @Test
  void rangerAppliesTheLoggedInUsersPolicies() throws Exception {
    try (Connection c = hive.login("analyst1", "analyst1-ldap-pw"); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT ssn FROM phi_restricted.patients"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("analyst1");
    }
    try (Connection c = hive.login("steward1", "steward1-ldap-pw"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT ssn FROM phi_restricted.patients")) {
      assertThat(rs.next()).isFalse(); // allowed; the table is empty
    }
  }
}
