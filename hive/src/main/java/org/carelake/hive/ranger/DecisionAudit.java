package org.carelake.hive.ranger;

import org.apache.hadoop.conf.Configuration;
import org.apache.ranger.audit.model.AuthzAuditEvent;
import org.apache.ranger.plugin.audit.RangerDefaultAuditHandler;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;

/**
 * Writes one Ranger audit event per decision through Ranger's audit pipeline (the file
 * destination: JSON lines with reqUser, reqGroups, resource, resType, action, access, result,
 * policy, cliIP, reqData, evtTime). Every decision is audited, allowed or denied, whatever the
 * policy's audit flag. reqData is the statement with its literals and comments replaced
 * ({@link StatementRedactor}): a WHERE clause can carry names or SSNs.
 */
final class DecisionAudit {
  private final RangerDefaultAuditHandler handler;

  DecisionAudit(Configuration conf) {
    this.handler = new RangerDefaultAuditHandler(conf) {
      @Override
      public AuthzAuditEvent createAuthzAuditEvent() {
        return new CareLakeAuditEvent();
      }
    };
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
    if (event instanceof CareLakeAuditEvent e) {
      e.setGroups(result.getAccessRequest().getUserGroups());
    }
    // Requests carry the redacted statement only (HiveRequester); never let anything else through.
    event.setRequestData(StatementRedactor.redact(result.getAccessRequest().getRequestData()));
    handler.logAuthzAudit(event);
  }
}
