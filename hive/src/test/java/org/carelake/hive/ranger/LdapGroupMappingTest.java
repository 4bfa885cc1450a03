package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAccessControlException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.hadoop.security.Groups;
import org.carelake.hive.testing.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groups from a real LDAP directory through Hadoop's LdapGroupsMapping (as on a cluster, no user-group
 * file): the authorizer applies the directory's groups' policies.
 */
class LdapGroupMappingTest {
  @TempDir
  static Path base;
  static TestDirectory ldap;

  @BeforeAll
  static void start() throws Exception {
    ldap = TestDirectory.start();
  }

  @AfterAll
  static void stop() {
    HiveRangerPlugin.stopAll();
    // Hadoop's group service is a JVM singleton: give later tests the default mapping back
    Groups.getUserToGroupsMappingServiceWithLoadedConfiguration(new Configuration());
    ldap.close();
  }

  @Test
  void theDirectorysGroupsDecide() throws Exception {
    Configuration groups = new Configuration(false);
    groups.set("hadoop.security.group.mapping", "org.apache.hadoop.security.LdapGroupsMapping");
    groups.set("hadoop.security.group.mapping.ldap.url", ldap.url());
    groups.set("hadoop.security.group.mapping.ldap.base", TestDirectory.BASE);
    groups.set("hadoop.security.group.mapping.ldap.search.filter.user", "(&(objectClass=inetOrgPerson)(uid={0}))");
    groups.set("hadoop.security.group.mapping.ldap.search.filter.group", "(objectClass=groupOfNames)");
    groups.set("hadoop.security.group.mapping.ldap.search.attr.member", "member");
    groups.set("hadoop.security.group.mapping.ldap.search.attr.group.name", "cn");
    Groups service = Groups.getUserToGroupsMappingServiceWithLoadedConfiguration(groups);
    assertThat(service.getGroups("analyst1")).containsExactly("analysts");
    assertThat(service.getGroups("steward1")).containsExactly("phi_stewards");

    HiveConf conf = RangerTestSupport.hiveConf(AuthorizationSettings.local(RangerTestSupport.repoRoot(), base)
        .withHadoopGroupMapping());
    assertThatCode(() -> RangerTestSupport.authorizerFor("analyst1", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("clinical", "encounters", "code")), List.of(), null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> RangerTestSupport.authorizerFor("analyst1", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("phi_restricted", "patients", "ssn")), List.of(), null))
        .isInstanceOf(HiveAccessControlException.class).hasMessageContaining("Ranger policy 6");
    assertThatCode(() -> RangerTestSupport.authorizerFor("steward1", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("phi_restricted", "patients", "ssn")), List.of(), null))
        .doesNotThrowAnyException();
    // in no directory group: nothing
    assertThatThrownBy(() -> RangerTestSupport.authorizerFor("mallory", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("clinical", "encounters", "code")), List.of(), null))
        .isInstanceOf(HiveAccessControlException.class);
  }
}
