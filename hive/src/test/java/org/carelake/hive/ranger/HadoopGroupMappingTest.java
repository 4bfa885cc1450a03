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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a user-group file the authorizer takes groups from Hadoop's group mapping, as on a cluster
 * (OS groups, or LdapGroupsMapping). Hadoop's static mapping overrides stand in for the directory.
 */
class HadoopGroupMappingTest {
  @TempDir
  static Path base;

  @AfterAll
  static void stop() {
    HiveRangerPlugin.stopAll();
  }

  @Test
  void groupsComeFromHadoopsGroupMappingWhenNoFileIsConfigured() throws Exception {
    Configuration groups = new Configuration(false);
    groups.set("hadoop.user.group.static.mapping.overrides", "dana=analysts;sam=phi_stewards;mallory=;");
    Groups.getUserToGroupsMappingServiceWithLoadedConfiguration(groups);

    AuthorizationSettings settings = AuthorizationSettings.local(RangerTestSupport.repoRoot(), base)
        .withHadoopGroupMapping();
    assertThat(settings.userGroupsFile()).isEmpty();
    assertThat(settings.hiveSiteEntries()).doesNotContainKey(AuthorizationSettings.USER_GROUPS_FILE);
    HiveConf conf = RangerTestSupport.hiveConf(settings);

    // dana is in no file: an analyst only through Hadoop's mapping
    assertThatCode(() -> RangerTestSupport.authorizerFor("dana", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("clinical", "encounters", "code")), List.of(), null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> RangerTestSupport.authorizerFor("dana", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("phi_restricted", "patients", "ssn")), List.of(), null))
        .isInstanceOf(HiveAccessControlException.class).hasMessageContaining("Ranger policy 6");
    assertThatCode(() -> RangerTestSupport.authorizerFor("sam", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("phi_restricted", "patients", "ssn")), List.of(), null))
        .doesNotThrowAnyException();
    // analyst1 is an analyst in the local file only: without the file, no groups, nothing
    assertThatThrownBy(() -> RangerTestSupport.authorizerFor("analyst1", conf).checkPrivileges(HiveOperationType.QUERY,
        List.of(RangerTestSupport.table("clinical", "encounters", "code")), List.of(), null))
        .isInstanceOf(HiveAccessControlException.class);
  }
}
