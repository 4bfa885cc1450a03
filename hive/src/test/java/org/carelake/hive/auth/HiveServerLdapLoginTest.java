package org.carelake.hive.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.carelake.hive.testing.TestDirectory;
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
  @TempDir
  static Path tmp;
  static TestDirectory ldap;
  static LocalHiveServer hive;

  @BeforeAll
  static void start() throws Exception {
    ldap = TestDirectory.start();
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
            "hive.server2.authentication.ldap.url", ldap.url(),
            "hive.server2.authentication.ldap.baseDN", TestDirectory.PEOPLE))
        .build().start();
    try (Connection etl = hive.login("etl", TestDirectory.password("etl")); Statement st = etl.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS phi_restricted");
      st.execute("CREATE TABLE phi_restricted.patients (patient_token STRING, ssn STRING)");
    }
  }

  @AfterAll
  static void stop() {
    if (hive != null) {
      hive.close();
    }
    HiveRangerPlugin.stopAll();
    if (ldap != null) {
      ldap.close();
    }
  }

  @Test
  void theRightPasswordLogsInAndTheSessionUserIsTheLdapUser() throws Exception {
    try (Connection c = hive.login("analyst1", TestDirectory.password("analyst1")); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT current_user()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("analyst1");
    }
  }

  @Test
  void aWrongPasswordAnEmptyOneAndAnUnknownUserAreRefused() {
    assertThatThrownBy(() -> hive.login("analyst1", TestDirectory.password("steward1")).close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
    assertThatThrownBy(() -> hive.login("analyst1", "").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
    assertThatThrownBy(() -> hive.login("mallory", TestDirectory.password("analyst1")).close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Peer indicated failure");
  }

  @Test
  void rangerAppliesTheLoggedInUsersPolicies() throws Exception {
    try (Connection c = hive.login("analyst1", TestDirectory.password("analyst1")); Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT ssn FROM phi_restricted.patients"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42000"))
          .hasMessageContaining("analyst1");
    }
    try (Connection c = hive.login("steward1", TestDirectory.password("steward1")); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT ssn FROM phi_restricted.patients")) {
      assertThat(rs.next()).isFalse(); // allowed; the table is empty
    }
  }
}
