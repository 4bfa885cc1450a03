package org.carelake.hive.ranger;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerDataMaskPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemAccess;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicy.RangerRowFilterPolicyItem;
import org.apache.ranger.plugin.model.RangerServiceDef;

/**
 * Checks one policy against the Hive service-def before the engine sees it. Ranger's engine
 * accepts a policy with "SELECT" or an unknown resource and simply never matches it (the silent
 * bypass / silent lock-out): here such a policy is an error naming the file, policy and value.
 */
final class PolicyChecks {
  private final RangerServiceDef def;
  private final Set<String> resources;
  private final Set<String> accessTypes;
  private final Set<String> maskResources;
  private final Set<String> maskAccessTypes;
  private final Set<String> maskTypes;
  private final Set<String> rowFilterResources;
  private final Set<String> rowFilterAccessTypes;

  PolicyChecks(RangerServiceDef def) {
    this.def = def;
    this.resources = names(def.getResources().stream().map(RangerServiceDef.RangerResourceDef::getName));
    this.accessTypes = names(def.getAccessTypes().stream().map(RangerServiceDef.RangerAccessTypeDef::getName));
    this.maskResources = names(def.getDataMaskDef().getResources().stream()
        .map(RangerServiceDef.RangerResourceDef::getName));
    this.maskAccessTypes = names(def.getDataMaskDef().getAccessTypes().stream()
        .map(RangerServiceDef.RangerAccessTypeDef::getName));
    this.maskTypes = names(def.getDataMaskDef().getMaskTypes().stream()
        .map(RangerServiceDef.RangerDataMaskTypeDef::getName));
    this.rowFilterResources = names(def.getRowFilterDef().getResources().stream()
        .map(RangerServiceDef.RangerResourceDef::getName));
    this.rowFilterAccessTypes = names(def.getRowFilterDef().getAccessTypes().stream()
        .map(RangerServiceDef.RangerAccessTypeDef::getName));
  }

  private static Set<String> names(Stream<String> s) {
    return s.collect(Collectors.toCollection(TreeSet::new));
  }

  /** Throws a PolicyFileException naming {@code where} (file and policy) for the first problem. */
  void check(RangerPolicy p, String serviceName, String where) {
    if (p.getId() == null) {
      throw fail(where, "has no \"id\"; give every policy a unique numeric id");
    }
    if (p.getName() == null || p.getName().isBlank()) {
      throw fail(where, "has no \"name\"");
    }
    if (!serviceName.equals(p.getService())) {
      throw fail(where, "is for service '" + p.getService() + "', not '" + serviceName + "'; set \"service\" to '"
          + serviceName + "' (or " + AuthorizationSettings.SERVICE_NAME + " to the service these files are for)");
    }
    if (p.getServiceType() != null && !p.getServiceType().isEmpty()
        && !HiveServiceDef.SERVICE_TYPE.equals(p.getServiceType())) {
      throw fail(where, "has serviceType '" + p.getServiceType() + "'; only Hive ('hive') policies belong here");
    }
    int type = p.getPolicyType() == null ? RangerPolicy.POLICY_TYPE_ACCESS : p.getPolicyType();
    switch (type) {
      case RangerPolicy.POLICY_TYPE_ACCESS -> {
        checkResources(p, resources, where, "access");
        List<List<? extends RangerPolicyItem>> lists = List.of(nz(p.getPolicyItems()), nz(p.getDenyPolicyItems()),
            nz(p.getAllowExceptions()), nz(p.getDenyExceptions()));
        if (lists.stream().allMatch(List::isEmpty)) {
          throw fail(where, "has no policyItems or denyPolicyItems; it would match nothing");
        }
        for (List<? extends RangerPolicyItem> items : lists) {
          for (RangerPolicyItem item : items) {
            checkItem(item, accessTypes, where);
          }
        }
        requireNoItems(p.getDataMaskPolicyItems(), where, "dataMaskPolicyItems", type);
        requireNoItems(p.getRowFilterPolicyItems(), where, "rowFilterPolicyItems", type);
      }
      case RangerPolicy.POLICY_TYPE_DATAMASK -> {
        checkResources(p, maskResources, where, "data-mask");
        if (nz(p.getDataMaskPolicyItems()).isEmpty()) {
          throw fail(where, "is a data-mask policy (policyType 1) without dataMaskPolicyItems");
        }
        for (RangerDataMaskPolicyItem item : nz(p.getDataMaskPolicyItems())) {
          checkItem(item, maskAccessTypes, where);
          String mask = item.getDataMaskInfo() == null ? null : item.getDataMaskInfo().getDataMaskType();
          if (mask == null || !maskTypes.contains(mask)) {
            throw fail(where, "uses mask type '" + mask + "'; Hive's service-def knows only " + maskTypes
                + " (exact case)");
          }
          if (RangerPolicy.MASK_TYPE_CUSTOM.equals(mask)
              && (item.getDataMaskInfo().getValueExpr() == null || item.getDataMaskInfo().getValueExpr().isBlank())) {
            throw fail(where, "uses mask type CUSTOM without a valueExpr");
          }
        }
        requireNoItems(p.getPolicyItems(), where, "policyItems", type);
        requireNoItems(p.getRowFilterPolicyItems(), where, "rowFilterPolicyItems", type);
      }
      case RangerPolicy.POLICY_TYPE_ROWFILTER -> {
        checkResources(p, rowFilterResources, where, "row-filter");
        if (nz(p.getRowFilterPolicyItems()).isEmpty()) {
          throw fail(where, "is a row-filter policy (policyType 2) without rowFilterPolicyItems");
        }
        for (RangerRowFilterPolicyItem item : nz(p.getRowFilterPolicyItems())) {
          checkItem(item, rowFilterAccessTypes, where);
          String expr = item.getRowFilterInfo() == null ? null : item.getRowFilterInfo().getFilterExpr();
          if (expr == null || expr.isBlank()) {
            throw fail(where, "has a rowFilterPolicyItem without filterExpr");
          }
        }
        requireNoItems(p.getPolicyItems(), where, "policyItems", type);
        requireNoItems(p.getDataMaskPolicyItems(), where, "dataMaskPolicyItems", type);
      }
      default -> throw fail(where, "has policyType " + type + "; use 0 (access), 1 (data mask) or 2 (row filter)");
    }
  }

  private void checkResources(RangerPolicy p, Set<String> allowed, String where, String kind) {
    Map<String, RangerPolicyResource> res = p.getResources();
    if (res == null || res.isEmpty()) {
      throw fail(where, "has no resources");
    }
    for (Map.Entry<String, RangerPolicyResource> e : res.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw fail(where, "names resource '" + e.getKey() + "', which " + kind + " policies of service type '"
            + def.getName() + "' do not have; use one of " + allowed);
      }
      List<String> values = e.getValue() == null ? null : e.getValue().getValues();
      if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null || v.isBlank())) {
        throw fail(where, "has an empty value for resource '" + e.getKey() + "'; use \"*\" for any");
      }
    }
  }

  private static void checkItem(RangerPolicyItem item, Set<String> allowed, String where) {
    if (nz(item.getUsers()).isEmpty() && nz(item.getGroups()).isEmpty() && nz(item.getRoles()).isEmpty()) {
      throw fail(where, "has an item without users, groups or roles; it would apply to nobody");
    }
    if (nz(item.getAccesses()).isEmpty()) {
      throw fail(where, "has an item for " + item.getGroups() + item.getUsers() + " without accesses");
    }
    Set<String> seen = new HashSet<>();
    for (RangerPolicyItemAccess a : item.getAccesses()) {
      if (a.getType() == null || !allowed.contains(a.getType())) {
        throw fail(where, "grants access type '" + a.getType() + "', which is not one of " + allowed
            + " (Ranger's access types are lower-case and exact)");
      }
      if (!seen.add(a.getType())) {
        throw fail(where, "lists access type '" + a.getType() + "' twice in one item");
      }
    }
  }

  static <T> List<T> nz(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static void requireNoItems(List<?> items, String where, String field, int type) {
    if (items != null && !items.isEmpty()) {
      throw fail(where, "has " + field + " although its policyType is " + type + "; the engine would ignore them");
    }
  }

  private static PolicyFileException fail(String where, String problem) {
    return new PolicyFileException(where + " " + problem);
  }
}
