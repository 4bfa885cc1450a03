package org.carelake.pipeline.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveServiceDef;
import org.carelake.hive.ranger.PolicyCheck;
import org.carelake.hive.ranger.PolicyFileException;
import org.carelake.hive.ranger.PolicyFiles;
import org.carelake.hive.ranger.PolicyValidation;
import org.carelake.hive.ranger.ProjectSchema;
import org.carelake.hive.ranger.RangerAdminPush;
import org.carelake.hive.ranger.UserGroupMapping;
import org.carelake.pipeline.config.CareLakeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** scripts/carelake policy: what security admins do with ranger-policies/ before and after a change. */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Validate, query and publish the Hive policies of ranger-policies/ (Ranger Admin export format).",
    subcommands = {PolicyCommand.Validate.class, PolicyCommand.Check.class, PolicyCommand.Push.class})
final class PolicyCommand {

  /** Options every policy subcommand shares. */
  static final class Source {
    @Option(names = "--policies", paramLabel = "DIR", description = "Policy directory (default: <home>/ranger-policies).")
    Path dir;

    @Option(names = "--service", paramLabel = "NAME", defaultValue = AuthorizationSettings.DEFAULT_SERVICE_NAME,
        description = "Ranger service the files are for (default: ${DEFAULT-VALUE}).")
    String service;

    Path dir(CareLakeHome home) {
      return dir != null ? dir : home.rangerPolicyDir();
    }

    /**
     * The full offline validation, names against the project's HQL included: `validate` reports it
     * and `push` refuses on it, so a misspelt database (a policy that silently matches nothing)
     * never reaches Ranger Admin.
     */
    PolicyValidation.Report validate(CareLakeHome home) {
      return PolicyValidation.validate(dir(home), service,
          Optional.of(ProjectSchema.scan(home.root().resolve("hive").resolve("hql"))));
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {
          "Checks every policy file offline: Hive service-def (lower-case access types, known resources and mask",
          "types), unique ids and names, Ranger Admin's own policy validator, and that every database, table and",
          "column a policy names is created by the project's HQL (a policy naming nothing that exists silently",
          "does nothing). Exit status 0 when valid, 1 listing the problems."})
  static final class Validate implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Source source = new Source();

    @Override
    public Integer call() {
      CareLakeHome home = CareLakeHome.discover();
      Path dir = source.dir(home);
      PolicyValidation.Report report = source.validate(home);
      if (report.valid()) {
        System.out.println(dir + ": " + report.policies().orElseThrow().getPolicies().size() + " policies of service "
            + source.service + " are valid");
        return 0;
      }
      System.err.println(dir + " has " + report.problems().size() + " problem(s):");
      report.problems().forEach(p -> System.err.println("  " + p));
      return 1;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {
          "Shows what the policies decide for a user: allowed or denied and by which policy, and for select the",
          "row filter on the table and the mask on the column. Groups come from --groups, else from the local",
          "user-group file (ranger-policies/local-user-groups.properties).",
          "Exit status 0 allowed, 1 denied."})
  static final class Check implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Source source = new Source();

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The user asking.")
    String user;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
        description = "The user's groups (default: the user-group file's).")
    String[] groups;

    @Option(names = "--resource", required = true, paramLabel = "DB[.TABLE[.COLUMN]]",
        description = "What is accessed, e.g. snapshot.patient_profile.zip3.")
    String resource;

    @Option(names = "--access", defaultValue = "select", paramLabel = "TYPE",
        description = "Access type as Ranger names it: select, update, create, drop, alter, ... (default: ${DEFAULT-VALUE}).")
    String access;

    @Option(names = "--user-groups", paramLabel = "FILE",
        description = "User-group file (default: <home>/ranger-policies/local-user-groups.properties).")
    Path userGroups;

    @Override
    public Integer call() {
      CareLakeHome home = CareLakeHome.discover();
      Set<String> g = groups != null ? new LinkedHashSet<>(Arrays.asList(groups))
          : UserGroupMapping.load(userGroups != null ? userGroups : home.localUserGroupsFile()).groupsOf(user);
      try (PolicyCheck check = new PolicyCheck(PolicyFiles.read(source.dir(home), source.service,
          HiveServiceDef.load()))) {
        PolicyCheck.Decision d = check.decide(user, g, resource, access);
        System.out.print(d.describe());
        return d.allowed() ? 0 : 1;
      } catch (PolicyFileException e) {
        System.err.println("carelake: " + e.getMessage() + " (run `carelake policy validate`)");
        return 64;
      }
    }
  }

  @Command(name = "push", mixinStandardHelpOptions = true,
      description = {
          "Validates the policy files as `policy validate` does (names against the project's HQL included) and",
          "refuses on any problem; else imports them into a Ranger Admin through its REST import",
          "(POST /service/plugins/policies/importPoliciesFromFile?isOverride=true&serviceType=hive), replacing the",
          "target service's policies. Credentials come from a file (username=, password=; mode 0600)."})
  static final class Push implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Source source = new Source();

    @Option(names = "--admin", required = true, paramLabel = "URL",
        description = "Ranger Admin base URL, e.g. https://ranger.example.org:6182.")
    URI admin;

    @Option(names = "--credentials", required = true, paramLabel = "FILE",
        description = "Properties file with username= and password= of a Ranger Admin user (mode 0600).")
    Path credentials;

    @Option(names = "--target-service", paramLabel = "NAME",
        description = "Ranger Admin's Hive service to import into (default: the files' service).")
    String target;

    @Override
    public Integer call() {
      CareLakeHome home = CareLakeHome.discover();
      Path dir = source.dir(home);
      PolicyValidation.Report report = source.validate(home);
      if (!report.valid()) {
        System.err.println("carelake: Not pushing " + dir + ": " + report.problems().size() + " problem(s); fix them "
            + "(`carelake policy validate` lists the same) and push again:");
        report.problems().forEach(p -> System.err.println("  " + p));
        return 1;
      }
      try {
        RangerAdminPush.Result r = new RangerAdminPush(admin, RangerAdminPush.Credentials.read(credentials))
            .push(dir, source.service, target != null ? target : source.service);
        System.out.println("Imported " + r.policies() + " policies into service " + (target != null ? target
            : source.service) + " at " + admin + " (HTTP " + r.status() + ")");
        return 0;
      } catch (IllegalStateException | PolicyFileException e) {
        System.err.println("carelake: " + e.getMessage());
        return 1;
      }
    }
  }
}
