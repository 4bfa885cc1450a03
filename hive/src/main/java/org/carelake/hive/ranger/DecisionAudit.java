package org.carelake.hive.ranger;

import org.apache.hadoop.conf.Configuration;
import org.apache.ranger.audit.model.AuthzAuditEvent;
import org.apache.ranger.plugin.audit.RangerDefaultAuditHandler;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;

/**
 * Writes one Ranger audit event per decision through Ranger's audit pipeline (the file
 * destination: JSON lines with reqUser, resource, resType, action, access, result, policy, cliIP,
 * evtTime). Every decision is audited, allowed or denied, whatever the policy's audit flag.
 * The query text (Ranger's reqData) is left out: a WHERE clause can carry names or SSNs.
 */
final class DecisionAudit {
  private final RangerDefaultAuditHandler handler;

  DecisionAudit(Configuration conf) {
    this.handler = new RangerDefaultAuditHandler(conf);
  }

  /** Audits {@code result}; {@code resourcePath} replaces the request's path when not null (column lists). */
  void record(RangerAccessResult result, String resourcePath) {
    result.setIsAudited(true);
    AuthzAuditEvent event = handler.getAuthzEvents(result);
    if (event == null) {
      return;
    }
    if (resourcePath != null) {
      event.setResourcePath(resourcePath);
    }
    event.setRequestData(null);
    handler.logAuthzAudit(event);
  }
}
