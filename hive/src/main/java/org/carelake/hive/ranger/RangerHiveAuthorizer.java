package org.carelake.hive.ranger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.parse.SemanticException;
import org.apache.hadoop.hive.ql.security.HiveAuthenticationProvider;
import org.apache.hadoop.hive.ql.security.authorization.plugin.AbstractHiveAuthorizer;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAccessControlException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzPluginException;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveAuthzSessionContext;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrincipal;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilege;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeInfo;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivilegeObjectType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveRoleGrant;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;

/**
 * Hive authorization by Ranger's policy engine: every object a statement reads or writes is
 * checked against the loaded policies for the session user and their groups, every decision is
 * audited, and the first denial fails the statement with a {@link HiveAccessControlException}
 * (SQLState 42000 over JDBC) naming user, access type and resource.
 *
 * <p>Grants and roles are not Hive's business here: they are the policy files; the GRANT/REVOKE/
 * ROLE commands fail with a message saying so.
 */
public final class RangerHiveAuthorizer extends AbstractHiveAuthorizer {
  private final HiveRangerPlugin plugin;
  private final HiveAuthenticationProvider authenticator;
  private final HiveAuthzSessionContext session;
  private final DecisionAudit audit;

  RangerHiveAuthorizer(HiveRangerPlugin plugin, HiveAuthenticationProvider authenticator,
      HiveAuthzSessionContext session) {
    this.plugin = plugin;
    this.authenticator = authenticator;
    this.session = session;
    this.audit = new DecisionAudit(plugin.getConfig());
  }

  @Override
  public VERSION getVersion() {
    return VERSION.V1;
  }

  @Override
  public void checkPrivileges(HiveOperationType op, List<HivePrivilegeObject> inputs,
      List<HivePrivilegeObject> outputs, HiveAuthzContext context)
      throws HiveAuthzPluginException, HiveAccessControlException {
    HiveRequester who = requester(context);
    if (op == HiveOperationType.DFS) {
      // dfs commands run with HiveServer2's own file-system rights, past every table policy.
      audit.record(deniedUnevaluated(who, "dfs", op, "dfs commands are never allowed"), null);
      throw new HiveAccessControlException(String.format(
          "Permission denied: user [%s] may not run dfs commands through HiveServer2; use the lake's own tools",
          who.user()));
    }
    List<Check> checks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    collect(op, inputs, true, who, checks, seen);
    collect(op, outputs, false, who, checks, seen);

    HiveAccessControlException denied = null;
    for (Check check : checks) {
      RangerAccessResult verdict = decide(check);
      if (!verdict.getIsAllowed() && denied == null) {
        denied = new HiveAccessControlException(denialMessage(who.user(), check.accessType(), verdict));
      }
    }
    if (denied != null) {
      throw denied;
    }
  }

  /** One access type on one object: one request, or one per column of a column list. */
  private record Check(String accessType, List<RangerAccessRequestImpl> requests, String path) {
  }

  private void collect(HiveOperationType op, List<HivePrivilegeObject> objects, boolean input, HiveRequester who,
      List<Check> checks, Set<String> seen) throws HiveAccessControlException {
    if (objects == null) {
      return;
    }
    for (HivePrivilegeObject obj : objects) {
      Optional<String> access = HiveAccess.of(op, obj, input);
      if (access.isEmpty()) {
        continue;
      }
      Optional<List<RangerAccessResourceImpl>> mapped = HiveResources.of(obj, access.get(), plugin.getServiceDef());
      if (mapped.isEmpty()) {
        audit.record(deniedUnevaluated(who, obj.getType().name().toLowerCase(Locale.ROOT), op,
            "no resource in Ranger's Hive service-def"), null);
        throw new HiveAccessControlException(String.format("Permission denied: user [%s] cannot be authorized for "
            + "%s object %s in %s: Ranger's Hive service-def has no resource for it", who.user(), obj.getType(),
            obj.getObjectName(), op));
      }
      List<RangerAccessResourceImpl> resources = mapped.get();
      List<RangerAccessRequestImpl> requests = new ArrayList<>();
      for (RangerAccessResourceImpl r : resources) {
        if (seen.add(access.get() + "|" + r.getAsString() + "|" + r.getKeys())) {
          requests.add(who.request(r, access.get(), op.name()));
        }
      }
      if (!requests.isEmpty()) {
        checks.add(new Check(access.get(), requests, mergedPath(requests)));
      }
    }
  }

  /**
   * Evaluates the requests of a check up to the first denial and audits one event for it: the
   * denied column's, else an allowed event listing all columns (one line per table read).
   */
  private RangerAccessResult decide(Check check) {
    RangerAccessResult firstDenied = null;
    RangerAccessResult first = null;
    for (RangerAccessRequestImpl request : check.requests()) {
      RangerAccessResult result = plugin.isAccessAllowed(request, null);
      if (result == null) {
        // No policy engine (policies never loaded): deny.
        result = new RangerAccessResult(RangerPolicy.POLICY_TYPE_ACCESS, plugin.getServiceName(),
            plugin.getServiceDef(), request);
        result.setIsAllowed(false);
        result.setReason("no Ranger policies are loaded");
      }
      if (first == null) {
        first = result;
      }
      if (!result.getIsAllowed()) {
        firstDenied = result;
        break;
      }
    }
    if (firstDenied != null) {
      audit.record(firstDenied, null);
      return firstDenied;
    }
    audit.record(first, check.requests().size() > 1 ? check.path() : null);
    return first;
  }

  /** A denial decided here, not by a policy (policy id -1), for the audit. */
  private RangerAccessResult deniedUnevaluated(HiveRequester who, String what, HiveOperationType op, String reason) {
    RangerAccessRequestImpl request = who.request(
        HiveResources.resource(plugin.getServiceDef(), HiveResources.GLOBAL, what), what, op.name());
    RangerAccessResult result = new RangerAccessResult(RangerPolicy.POLICY_TYPE_ACCESS, plugin.getServiceName(),
        plugin.getServiceDef(), request);
    result.setIsAllowed(false);
    result.setReason(reason);
    return result;
  }

  private static String mergedPath(List<RangerAccessRequestImpl> requests) {
    RangerAccessResourceImpl r = (RangerAccessResourceImpl) requests.get(0).getResource();
    if (requests.size() == 1 || !r.exists(HiveResources.COLUMN)) {
      return r.getAsString();
    }
    String columns = requests.stream().map(q -> String.valueOf(q.getResource().getValue(HiveResources.COLUMN)))
        .collect(Collectors.joining(","));
    return r.getValue(HiveResources.DATABASE) + "/" + r.getValue(HiveResources.TABLE) + "/" + columns;
  }

  private String denialMessage(String user, String accessType, RangerAccessResult verdict) {
    String resource = verdict.getAccessRequest().getResource().getAsString();
    long policyId = verdict.getPolicyId();
    String why;
    if (plugin.getPoliciesVersion() < 0 || "no Ranger policies are loaded".equals(verdict.getReason())) {
      why = "no Ranger policies are loaded, so everything is denied; check the policy files and HiveServer2's log";
    } else if (policyId >= 0) {
      why = "denied by Ranger policy " + policyId + " '" + plugin.policyName(policyId) + "' of service "
          + plugin.getServiceName();
    } else {
      why = "no Ranger policy of service " + plugin.getServiceName() + " allows it; a security admin can grant it "
          + "in the policy files (ranger-policies/)";
    }
    return String.format("Permission denied: user [%s] does not have [%s] privilege on [%s] (%s)", user,
        accessType.equals(HiveAccess.ANY) ? "use" : accessType, resource, why);
  }

  /** SHOW DATABASES / SHOW TABLES: only what the user has some access to (Ranger's "_any"). */
  @Override
  public List<HivePrivilegeObject> filterListCmdObjects(List<HivePrivilegeObject> objects, HiveAuthzContext context)
      throws HiveAuthzPluginException, HiveAccessControlException {
    if (objects == null || objects.isEmpty()) {
      return objects;
    }
    HiveRequester who = requester(context);
    List<HivePrivilegeObject> visible = new ArrayList<>(objects.size());
    for (HivePrivilegeObject obj : objects) {
      if (obj.getType() != HivePrivilegeObjectType.DATABASE && obj.getType() != HivePrivilegeObjectType.TABLE_OR_VIEW) {
        continue;
      }
      RangerAccessResourceImpl resource = obj.getType() == HivePrivilegeObjectType.DATABASE
          ? HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, obj.getDbname())
          : HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE, obj.getDbname(),
              HiveResources.TABLE, obj.getObjectName());
      RangerAccessResult result = plugin.isAccessAllowed(who.request(resource, HiveAccess.ANY, "FILTER_LIST"), null);
      // Every decision is audited, the objects a listing shows as well as those it hides.
      if (result != null) {
        audit.record(result, null);
        if (result.getIsAllowed()) {
          visible.add(obj);
        }
      }
    }
    return visible;
  }

  @Override
  public boolean needTransform() {
    return plugin.hasTransformPolicies();
  }

  /**
   * Row filters and column masks of the loaded policies, as Hive expressions on the objects Hive
   * passes in (it runs this before checkPrivileges). Only applied filters and masks are audited.
   */
  @Override
  public List<HivePrivilegeObject> applyRowFilterAndColumnMasking(HiveAuthzContext context,
      List<HivePrivilegeObject> objects) throws SemanticException {
    List<HivePrivilegeObject> transformed = new ArrayList<>();
    if (objects == null || !plugin.hasTransformPolicies()) {
      return transformed;
    }
    HiveRequester who;
    try {
      who = requester(context);
    } catch (HiveAccessControlException e) {
      throw new SemanticException(e.getMessage(), e);
    }
    for (HivePrivilegeObject obj : objects) {
      if (obj.getType() != HivePrivilegeObjectType.TABLE_OR_VIEW) {
        continue;
      }
      boolean changed = false;
      RangerAccessResourceImpl table = HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE,
          obj.getDbname(), HiveResources.TABLE, obj.getObjectName());
      RangerAccessResult filter = plugin.evalRowFilterPolicies(who.request(table, HiveAccess.SELECT, "ROW_FILTER"),
          null);
      if (filter != null && filter.isRowFilterEnabled() && filter.getFilterExpr() != null
          && !filter.getFilterExpr().isBlank()) {
        obj.setRowFilterExpression(filter.getFilterExpr());
        audit.record(filter, null);
        changed = true;
      }
      List<String> columns = obj.getColumns();
      if (columns != null && !columns.isEmpty()) {
        List<String> transformers = new ArrayList<>(columns.size());
        for (String column : columns) {
          RangerAccessResourceImpl col = HiveResources.resource(plugin.getServiceDef(), HiveResources.DATABASE,
              obj.getDbname(), HiveResources.TABLE, obj.getObjectName(), HiveResources.COLUMN, column);
          RangerAccessResult mask = plugin.evalDataMaskPolicies(who.request(col, HiveAccess.SELECT, "MASK"), null);
          String expr = ColumnMasks.transformer(mask, column);
          if (expr != null) {
            audit.record(mask, null);
            changed = true;
          }
          transformers.add(expr == null ? column : expr);
        }
        obj.setCellValueTransformers(transformers);
      }
      if (changed) {
        transformed.add(obj);
      }
    }
    return transformed;
  }

  @Override
  public void applyAuthorizationConfigPolicy(HiveConf conf) {
    // Nothing to change: hive.conf.restricted.list (AuthorizationSettings) keeps sessions from
    // overriding the carelake.ranger.*, ranger.plugin.* and xasecure.* settings.
  }

  private HiveRequester requester(HiveAuthzContext context) throws HiveAccessControlException {
    String user = authenticator == null ? null : authenticator.getUserName();
    if (user == null || user.isBlank()) {
      throw new HiveAccessControlException("Permission denied: the session has no user; connect with a user name "
          + "(beeline -n USER) and set hive.security.authenticator.manager="
          + "org.apache.hadoop.hive.ql.security.SessionStateUserAuthenticator");
    }
    Set<String> groups = new LinkedHashSet<>();
    if (plugin.groupMapping().isPresent()) {
      groups.addAll(plugin.groupMapping().get().groupsOf(user));
    } else if (authenticator.getGroupNames() != null) {
      groups.addAll(authenticator.getGroupNames());
    }
    Set<String> roles = plugin.getRolesFromUserAndGroups(user, groups);
    return new HiveRequester(user, groups, roles == null ? Set.of() : roles,
        context == null ? null : context.getIpAddress(),
        context == null ? null : context.getForwardedAddresses(),
        session == null ? null : session.getSessionString(),
        session == null || session.getClientType() == null ? null : session.getClientType().name(),
        plugin.getClusterName(), context == null ? null : StatementRedactor.redact(context.getCommandString()));
  }

  // Grants and roles: managed as Ranger policy files, not through Hive.

  private static HiveAuthzPluginException managedByRanger(String what) {
    return new HiveAuthzPluginException(what + " is not supported: access is managed by Ranger policies; edit the "
        + "policy files (ranger-policies/*.json) and let the server reload them");
  }

  @Override
  public void grantPrivileges(List<HivePrincipal> principals, List<HivePrivilege> privileges,
      HivePrivilegeObject object, HivePrincipal grantor, boolean grantOption) throws HiveAuthzPluginException {
    throw managedByRanger("GRANT");
  }

  @Override
  public void revokePrivileges(List<HivePrincipal> principals, List<HivePrivilege> privileges,
      HivePrivilegeObject object, HivePrincipal grantor, boolean grantOption) throws HiveAuthzPluginException {
    throw managedByRanger("REVOKE");
  }

  @Override
  public void createRole(String roleName, HivePrincipal adminGrantor) throws HiveAuthzPluginException {
    throw managedByRanger("CREATE ROLE");
  }

  @Override
  public void dropRole(String roleName) throws HiveAuthzPluginException {
    throw managedByRanger("DROP ROLE");
  }

  @Override
  public List<HiveRoleGrant> getPrincipalGrantInfoForRole(String roleName) throws HiveAuthzPluginException {
    throw managedByRanger("SHOW PRINCIPALS");
  }

  @Override
  public List<HiveRoleGrant> getRoleGrantInfoForPrincipal(HivePrincipal principal) throws HiveAuthzPluginException {
    throw managedByRanger("SHOW ROLE GRANT");
  }

  @Override
  public void grantRole(List<HivePrincipal> principals, List<String> roles, boolean grantOption,
      HivePrincipal grantor) throws HiveAuthzPluginException {
    throw managedByRanger("GRANT ROLE");
  }

  @Override
  public void revokeRole(List<HivePrincipal> principals, List<String> roles, boolean grantOption,
      HivePrincipal grantor) throws HiveAuthzPluginException {
    throw managedByRanger("REVOKE ROLE");
  }

  @Override
  public List<String> getAllRoles() {
    return List.of();
  }

  @Override
  public List<HivePrivilegeInfo> showPrivileges(HivePrincipal principal, HivePrivilegeObject object)
      throws HiveAuthzPluginException {
    throw managedByRanger("SHOW GRANT");
  }

  @Override
  public void setCurrentRole(String roleName) throws HiveAuthzPluginException {
    throw managedByRanger("SET ROLE");
  }

  @Override
  public List<String> getCurrentRoleNames() {
    return List.of();
  }
}
