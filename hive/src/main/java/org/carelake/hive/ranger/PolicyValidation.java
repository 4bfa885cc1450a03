package org.carelake.hive.ranger;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicyResourceSignature;
import org.apache.ranger.plugin.model.RangerService;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.model.validation.RangerPolicyValidator;
import org.apache.ranger.plugin.model.validation.RangerValidator;
import org.apache.ranger.plugin.store.ServiceStore;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * Offline validation of a policy directory, as a security admin runs it before pushing:
 * <ol>
 *   <li>the files parse and every policy passes the service-def checks of {@link PolicyFiles}
 *       (lower-case access types, known resources, known mask types, unique ids and names);</li>
 *   <li>Ranger Admin's own {@link RangerPolicyValidator} accepts each policy for creation, against
 *       the normalized Hive service-def (it also refuses two policies on the same resources);</li>
 *   <li>every database, table and column a policy names exists in the project's HQL
 *       ({@link ProjectSchema}): a name that matches nothing is a policy that silently does nothing.</li>
 * </ol>
 */
public final class PolicyValidation {
  /** The loaded policies (empty when the files did not load) and every problem found. */
  public record Report(Optional<ServicePolicies> policies, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  private PolicyValidation() {
  }

  public static Report validate(Path policyDir, String serviceName, Optional<ProjectSchema> schema) {
    RangerServiceDef def = HiveServiceDef.load();
    ServicePolicies policies;
    try {
      policies = PolicyFiles.read(policyDir, serviceName, def);
    } catch (PolicyFileException e) {
      return new Report(Optional.empty(), List.of(e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    for (RangerPolicy p : policies.getPolicies()) {
      // each policy is created into a service that already holds all the others
      List<RangerPolicy> others = policies.getPolicies().stream().filter(o -> !o.getId().equals(p.getId())).toList();
      RangerPolicyValidator validator = new RangerPolicyValidator(store(serviceName, def, others));
      try {
        validator.validate(p, RangerValidator.Action.CREATE, true);
      } catch (Exception e) {
        problems.add(where(p) + " is refused by Ranger's policy validator: " + e.getMessage());
      }
      schema.ifPresent(s -> problems.addAll(namesThatMatchNothing(p, s)));
    }
    return new Report(Optional.of(policies), List.copyOf(problems));
  }

  static String where(RangerPolicy p) {
    return "Policy " + p.getId() + " '" + p.getName() + "'";
  }

  /** Databases, tables and columns the policy names (wildcards aside) that the project's HQL never creates. */
  static List<String> namesThatMatchNothing(RangerPolicy p, ProjectSchema schema) {
    List<String> out = new ArrayList<>();
    Map<String, RangerPolicyResource> r = p.getResources();
    List<String> dbs = literal(r.get(HiveResources.DATABASE));
    List<String> tables = literal(r.get(HiveResources.TABLE));
    List<String> columns = literal(r.get(HiveResources.COLUMN));
    boolean anyDb = r.containsKey(HiveResources.DATABASE) && dbs.size() < values(r.get(HiveResources.DATABASE)).size();
    boolean anyTable = r.containsKey(HiveResources.TABLE) && tables.size() < values(r.get(HiveResources.TABLE)).size();
    for (String db : dbs) {
      if (!schema.hasDatabase(db)) {
        out.add(where(p) + " names database '" + db + "', which no HQL under hive/hql creates (it has "
            + schema.databases() + "); the policy would match nothing");
      }
    }
    List<String> knownDbs = dbs.stream().filter(schema::hasDatabase).toList();
    if (anyDb || knownDbs.isEmpty() || excluded(r.get(HiveResources.TABLE))) {
      return out;
    }
    for (String table : tables) {
      if (knownDbs.stream().noneMatch(db -> schema.hasTable(db, table))) {
        out.add(where(p) + " names table '" + table + "', which none of " + knownDbs + " has in the project's HQL; "
            + "the policy would match nothing there");
      }
    }
    if (anyTable || excluded(r.get(HiveResources.COLUMN))) {
      return out;
    }
    for (String column : columns) {
      boolean somewhere = knownDbs.stream().anyMatch(db -> tables.stream()
          .anyMatch(t -> schema.hasTable(db, t) && schema.mayHaveColumn(db, t, column)));
      if (!somewhere) {
        out.add(where(p) + " names column '" + column + "', which none of its tables " + tables + " has in the "
            + "project's HQL; the policy would match nothing there");
      }
    }
    return out;
  }

  private static List<String> values(RangerPolicyResource r) {
    return r == null || r.getValues() == null ? List.of() : r.getValues();
  }

  private static boolean excluded(RangerPolicyResource r) {
    return r != null && Boolean.TRUE.equals(r.getIsExcludes());
  }

  /** The values without wildcards (* or ?), lower-cased. */
  private static List<String> literal(RangerPolicyResource r) {
    return values(r).stream().filter(v -> v.indexOf('*') < 0 && v.indexOf('?') < 0)
        .map(v -> v.toLowerCase(Locale.ROOT)).toList();
  }

  /**
   * The smallest ServiceStore the validator needs: one Hive service and the other policies of the
   * directory (for its duplicate-resource check). Anything else it asks for fails loudly.
   */
  static ServiceStore store(String serviceName, RangerServiceDef def, List<RangerPolicy> policies) {
    RangerService service = new RangerService(HiveServiceDef.SERVICE_TYPE, serviceName, "CareLake Hive", null,
        Map.of());
    service.setId(PolicyFiles.SERVICE_ID);
    service.setIsEnabled(true);
    InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
      case "getServiceByName", "getServiceByDisplayName" -> serviceName.equals(args[0]) ? service : null;
      case "getService" -> PolicyFiles.SERVICE_ID == (Long) args[0] ? service : null;
      case "getServiceDefByName", "getServiceDefByDisplayName" -> def.getName().equals(args[0]) ? def : null;
      case "getServiceDef" -> def;
      // names are unique across the directory already (PolicyFiles); zones are not used
      case "getPolicyId", "getPolicy", "getSecurityZone" -> null;
      case "getPoliciesByResourceSignature" -> policies.stream()
          // mutable: Ranger's validator adds to the list it gets
          .filter(p -> new RangerPolicyResourceSignature(p).getSignature().equals(args[1]))
          .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
      case "toString" -> "PolicyValidation.store(" + serviceName + ")";
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      default -> throw new UnsupportedOperationException("Ranger's policy validator asked the offline store for "
          + method.getName() + ", which it does not keep");
    };
    return (ServiceStore) Proxy.newProxyInstance(ServiceStore.class.getClassLoader(),
        new Class<?>[] {ServiceStore.class}, h);
  }
}
