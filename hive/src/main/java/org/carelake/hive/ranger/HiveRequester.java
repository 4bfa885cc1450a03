package org.carelake.hive.ranger;

import java.util.Date;
import java.util.List;
import java.util.Set;
import org.apache.ranger.plugin.policyengine.RangerAccessRequest;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;

/**
 * Who asks (session user, groups, roles), from where and with which statement (already redacted:
 * {@link StatementRedactor}), and the Ranger requests made on their behalf.
 */
record HiveRequester(String user, Set<String> groups, Set<String> roles, String clientIp, List<String> forwarded,
    String sessionId, String clientType, String clusterName, String statement) {

  static HiveRequester of(String user, Set<String> groups) {
    return new HiveRequester(user, groups, Set.of(), null, null, null, null, null, null);
  }

  /** A request for {@code accessType} on {@code resource}; {@code action} is the Hive operation, audited as "access". */
  RangerAccessRequestImpl request(RangerAccessResourceImpl resource, String accessType, String action) {
    RangerAccessRequestImpl q = new RangerAccessRequestImpl(resource, accessType, user, groups, roles);
    q.setAccessTime(new Date());
    q.setClientIPAddress(clientIp);
    q.setRemoteIPAddress(clientIp);
    q.setForwardedAddresses(forwarded);
    q.setAction(action);
    q.setSessionId(sessionId);
    q.setClientType(clientType);
    q.setClusterName(clusterName);
    q.setRequestData(statement);
    if (HiveAccess.ANY.equals(accessType)) {
      // Any access on the object or anything below it: a database with one readable table is visible.
      q.setResourceMatchingScope(RangerAccessRequest.ResourceMatchingScope.SELF_OR_DESCENDANTS);
    }
    return q;
  }
}
