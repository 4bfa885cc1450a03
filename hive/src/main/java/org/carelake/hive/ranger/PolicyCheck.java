package org.carelake.hive.ranger;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * What the policies decide for one user, access type and resource, the way the authorizer asks
 * Ranger's engine during a query: the decision and the policy that made it, and for a select the
 * row filter on the table and the mask on the column.
 *
 * <pre>{@code
 * try (PolicyCheck check = new PolicyCheck(policies)) {
 *   PolicyCheck.Decision d = check.decide("analyst1", Set.of("analysts"), "snapshot.patient_profile.zip3", "select");
 * }
 * }</pre>
 */
public final class PolicyCheck implements AutoCloseable {
  /** A row filter or mask that applies: the policy and the Hive expression. */
  public record Transform(long policyId, String policyName, String kind, String expression) {
  }

  /** The engine's answer. */
  public record Decision(String user, Set<String> groups, String accessType, String resource, boolean allowed,
      long policyId, String policyName, Optional<Transform> rowFilter, Optional<Transform> mask) {

    /** Human-readable lines, as `carelake policy check` prints them. */
    public String describe() {
      StringBuilder b = new StringBuilder();
      b.append("user ").append(user).append(" (groups: ").append(groups.isEmpty() ? "none" : String.join(",", groups))
          .append("), ").append(accessType).append(" on ").append(resource).append(": ")
          .append(allowed ? "ALLOWED" : "DENIED");
      if (policyId >= 0) {
        b.append(" by policy ").append(policyId).append(" '").append(policyName).append("'");
      } else {
        b.append(allowed ? "" : " (no policy allows it)");
      }
      b.append('\n');
      rowFilter.ifPresent(f -> b.append("row filter: policy ").append(f.policyId()).append(" '").append(f.policyName())
          .append("': ").append(f.expression()).append('\n'));
      mask.ifPresent(m -> b.append("mask: policy ").append(m.policyId()).append(" '").append(m.policyName())
          .append("': ").append(m.kind()).append(" -> ").append(m.expression()).append('\n'));
      if (allowed && rowFilter.isEmpty() && mask.isEmpty() && HiveAccess.SELECT.equals(accessType)) {
        b.append("no row filter, no mask\n");
      }
      return b.toString();
    }
  }

  private final HiveRangerPlugin plugin;

  public PolicyCheck(ServicePolicies policies) {
    this.plugin = HiveRangerPlugin.forPolicies(policies, Optional.empty());
  }

  /**
   * Decides {@code accessType} (lower-case, as in the service-def: select, update, create, ...) on
   * {@code resource}: "db", "db.table" or "db.table.column".
   */
  public Decision decide(String user, Set<String> groups, String resource, String accessType) {
    String[] parts = resource.split("\\.");
    if (parts.length < 1 || parts.length > 3 || resource.startsWith(".") || resource.endsWith(".")) {
      throw new IllegalArgumentException("Resource '" + resource + "' is not db, db.table or db.table.column");
    }
    String access = accessType.toLowerCase(Locale.ROOT);
    if (!access.equals(accessType)) {
      throw new IllegalArgumentException("Access type '" + accessType + "' must be lower-case, as Ranger's Hive "
          + "service-def names it (e.g. select, update, create, drop, alter)");
    }
    if (plugin.getServiceDef().getAccessTypes().stream().noneMatch(a -> a.getName().equals(access))) {
      throw new IllegalArgumentException("Access type '" + accessType + "' is not in Ranger's Hive service-def; use one "
          + "of " + plugin.getServiceDef().getAccessTypes().stream().map(a -> a.getName()).toList());
    }
    HiveRequester who = new HiveRequester(user, groups, Set.of(), null, null, null, "policy-check", null, null);
    RangerAccessResourceImpl r = switch (parts.length) {
      case 1 -> HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, parts[0]);
      case 2 -> HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, parts[0], HiveResources.TABLE,
          parts[1]);
      default -> HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, parts[0], HiveResources.TABLE,
          parts[1], HiveResources.COLUMN, parts[2]);
    };
    RangerAccessResult result = plugin.isAccessAllowed(who.request(r, access, "POLICY_CHECK"), null);
    boolean allowed = result != null && result.getIsAllowed();
    long policyId = result == null ? -1 : result.getPolicyId();
    Optional<Transform> filter = Optional.empty();
    Optional<Transform> mask = Optional.empty();
    if (allowed && HiveAccess.SELECT.equals(access) && parts.length >= 2) {
      RangerAccessResourceImpl table = HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, parts[0],
          HiveResources.TABLE, parts[1]);
      RangerAccessResult f = plugin.evalRowFilterPolicies(who.request(table, HiveAccess.SELECT, "ROW_FILTER"), null);
      if (f != null && f.isRowFilterEnabled() && f.getFilterExpr() != null && !f.getFilterExpr().isBlank()) {
        filter = Optional.of(new Transform(f.getPolicyId(), plugin.policyName(f.getPolicyId()), "row filter",
            f.getFilterExpr()));
      }
      if (parts.length == 3) {
        RangerAccessResult m = plugin.evalDataMaskPolicies(who.request(r, HiveAccess.SELECT, "MASK"), null);
        String expr = ColumnMasks.transformer(m, parts[2]);
        if (expr != null) {
          mask = Optional.of(new Transform(m.getPolicyId(), plugin.policyName(m.getPolicyId()), m.getMaskType(), expr));
        }
      }
    }
    return new Decision(user, groups, access, String.join("/", parts), allowed, policyId,
        plugin.policyName(policyId), filter, mask);
  }

  @Override
  public void close() {
    plugin.cleanup();
  }
}
