package org.carelake.hive.ranger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;
import java.util.TreeSet;
import org.apache.ranger.audit.model.AuthzAuditEvent;

/**
 * Ranger's audit event plus the requester's groups ("reqGroups"): a security admin proving who
 * could see what needs the groups a decision was made for, and Ranger's event has no field for
 * them. Ranger's audit writers serialize the event with Jackson, so the field lands in the same
 * JSON line.
 */
public class CareLakeAuditEvent extends AuthzAuditEvent {
  private static final long serialVersionUID = 1L;

  @JsonProperty("reqGroups")
  protected Set<String> groups = new TreeSet<>();

  public Set<String> getGroups() {
    return groups;
  }

  public void setGroups(Set<String> groups) {
    this.groups = groups == null ? new TreeSet<>() : new TreeSet<>(groups);
  }
}
