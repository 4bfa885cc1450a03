package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.junit.jupiter.api.Test;

class AuthorizationSettingsTest {
  @Test
  void hiveSiteEntriesEnableTheAuthorizerWithAbsolutePaths() {
    Path base = Path.of("local/hive");
    Map<String, String> s = AuthorizationSettings.local(Path.of("."), base).hiveSiteEntries();
    assertThat(s).containsEntry("hive.security.authorization.enabled", "true")
        .containsEntry("hive.security.authorization.manager", RangerHiveAuthorizerFactory.class.getName())
        .containsEntry("hive.security.authenticator.manager",
            "org.apache.hadoop.hive.ql.security.SessionStateUserAuthenticator")
        .containsEntry("carelake.ranger.service.name", "carelake_hive")
        .containsEntry("ranger.plugin.hive.service.name", "carelake_hive")
        .containsEntry("ranger.plugin.hive.policy.source.impl", PolicyFileAdminClient.class.getName())
        .containsEntry("xasecure.audit.is.enabled", "true")
        .containsEntry("xasecure.audit.destination.file", "true");
    Path audit = base.resolve("ranger-audit").toAbsolutePath().normalize();
    assertThat(s.get("carelake.ranger.audit.dir")).isEqualTo(audit.toString());
    assertThat(s.get("xasecure.audit.destination.file.dir")).isEqualTo(audit.toString());
    assertThat(Path.of(s.get("carelake.ranger.policy.dir"))).isAbsolute();
    assertThat(s.get("carelake.ranger.policy.dir")).endsWith("/ranger-policies");
    assertThat(s.get("carelake.ranger.user.groups.file")).endsWith("/ranger-policies/local-user-groups.properties");
    assertThat(Path.of(s.get("ranger.plugin.hive.policy.cache.dir"))).isAbsolute();
  }

  @Test
  void sessionsCannotOverrideTheAuthorizerSettings() {
    Configuration site = new Configuration(false);
    new AuthorizationSettings(Path.of("p"), Path.of("g"), Path.of("a"), Path.of("c")).hiveSiteEntries()
        .forEach(site::set);
    // hive.conf.restricted.list takes effect when a HiveConf initializes from the site settings, as HiveServer2's does.
    HiveConf session = new HiveConf(site, HiveConf.class);
    for (String key : new String[] {"carelake.ranger.policy.dir", "carelake.ranger.user.groups.file",
        "ranger.plugin.hive.policy.source.impl", "xasecure.audit.destination.file.dir",
        "hive.security.authorization.enabled"}) {
      assertThatThrownBy(() -> session.verifyAndSet(key, "/tmp/mine")).as(key)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot modify " + key);
    }
  }

  @Test
  void serviceNameAndPollIntervalAreOptions() {
    AuthorizationSettings s = new AuthorizationSettings(Path.of("p"), Path.of("g"), Path.of("a"), Path.of("c"))
        .withServiceName("emr_hive").withPollIntervalMs(5000);
    assertThat(s.hiveSiteEntries()).containsEntry("carelake.ranger.service.name", "emr_hive")
        .containsEntry("ranger.plugin.hive.policy.pollIntervalMs", "5000");
    assertThatThrownBy(() -> s.withPollIntervalMs(10)).hasMessageContaining("10 ms");
  }
}
