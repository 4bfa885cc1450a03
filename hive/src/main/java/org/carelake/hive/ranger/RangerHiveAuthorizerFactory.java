package org.carelake.hive.ranger;

import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.HiveAuthenticationProvider;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthorizer;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthorizerFactory;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzPluginException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzSessionContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveMetastoreClientFactory;

/**
 * hive.security.authorization.manager for CareLake: a {@link RangerHiveAuthorizer} per session over
 * one shared Ranger plugin. Settings: see {@link AuthorizationSettings}.
 */
public final class RangerHiveAuthorizerFactory implements HiveAuthorizerFactory {
  @Override
  public HiveAuthorizer createHiveAuthorizer(HiveMetastoreClientFactory metastoreClientFactory, HiveConf conf,
      HiveAuthenticationProvider authenticator, HiveAuthzSessionContext session) throws HiveAuthzPluginException {
    String appId = session != null && session.getClientType() == HiveAuthzSessionContext.CLIENT_TYPE.HIVESERVER2
        ? "hiveServer2" : "hiveCLI";
    try {
      return new RangerHiveAuthorizer(HiveRangerPlugin.forConfiguration(conf, appId), authenticator, session);
    } catch (PolicyFileException | IllegalArgumentException e) {
      // Fail closed: without a plugin there is no authorizer and the session does not open.
      throw new HiveAuthzPluginException("CareLake's Ranger authorizer cannot start: " + e.getMessage(), e);
    }
  }
}
