package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * scripts/create-cluster.sh --dry-run: the exact AWS CLI calls it would make for each cluster of
 * each environment, read back as the shell would split them. There is no AWS account here: the PATH
 * has no aws binary, so a dry run that tried to call one would fail. The calls are checked against
 * the environment's files and against what EMR accepts on a Ranger-enabled cluster.
 */
class CreateClusterScriptTest {
  /**
   * The only applications EMR allows on a cluster whose security configuration has a
   * RangerConfiguration ("Considerations for using Amazon EMR with Apache Ranger",
   * https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-ranger-app-support.html). Neither
   * Sqoop nor Oozie is among them: hence two clusters.
   */
  static final List<String> RANGER_APPLICATIONS = List.of("Spark", "Hive", "EMRFS", "Hadoop", "Livy", "Zeppelin",
      "Hue", "Ganglia", "HCatalog", "Mahout", "MXNet", "TensorFlow", "Tez", "Trino", "ZooKeeper");
  private static final Pattern PRINCIPAL_REALM = Pattern.compile("principal=hive/_HOST@([A-Z0-9.-]+)");

  /** Each printed `aws ...` line split into words exactly as bash splits it. */
  private static List<List<String>> awsCalls(String output) throws Exception {
    List<List<String>> calls = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.startsWith("aws ")) {
        continue;
      }
      String words = line.replaceFirst("\\s+#.*$", "");
      Process p = new ProcessBuilder("bash", "-c", "eval \"set -- $1\"; printf '%s\\0' \"$@\"", "split", words).start();
      String split = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      calls.add(List.of(split.split("\0")));
    }
    return calls;
  }

  private static List<List<String>> calls(List<List<String>> calls, String service, String operation) {
    return calls.stream().filter(c -> c.get(1).equals(service) && c.get(2).equals(operation)).toList();
  }

  private static List<String> call(List<List<String>> calls, String service, String operation) {
    List<List<String>> found = calls(calls, service, operation);
    assertThat(found).as("aws %s %s", service, operation).hasSize(1);
    return found.get(0);
  }

  private static String after(List<String> call, String option) {
    int i = call.indexOf(option);
    assertThat(i).as(option + " in " + call).isPositive();
    return call.get(i + 1);
  }

  /** The words after {@code option} up to the next option. */
  private static List<String> values(List<String> call, String option) {
    int i = call.indexOf(option);
    assertThat(i).as(option + " in " + call).isPositive();
    List<String> out = new ArrayList<>();
    for (int j = i + 1; j < call.size() && !call.get(j).startsWith("--"); j++) {
      out.add(call.get(j));
    }
    return out;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void eachEnvironmentGetsAnEtlClusterWithOozieAndNoRangerAndAQueryClusterWithRangerOnly() throws Exception {
    assertThat(ClusterEnv.names()).contains("dev", "prod");
    for (String env : ClusterEnv.names()) {
      Properties e = ClusterEnv.load(env);
      Map<String, List<String>> applications = new LinkedHashMap<>();
      Map<String, String> accessGroups = new LinkedHashMap<>();
      for (String role : ClusterEnv.ROLES) {
        String prefix = role.toUpperCase();
        Scripts.Run run = Scripts.createCluster("--env", env, "--cluster", role, "--dry-run");
        assertThat(run.exit()).as(run.err()).isZero();
        List<List<String>> calls = awsCalls(run.out());

        // the security configuration rendered for this environment and role, under a content-addressed name
        String rendered = ClusterEnv.securityConfigurationText(env, role);
        List<String> security = call(calls, "emr", "create-security-configuration");
        assertThat(after(security, "--security-configuration")).startsWith("file:///")
            .endsWith("/security-configuration-" + role + ".json");
        String name = after(security, "--name");
        assertThat(name).isEqualTo("carelake-" + env + "-" + role + "-" + sha256(rendered).substring(0, 12));
        boolean ranger = rendered.contains("\"RangerConfiguration\"");
        assertThat(ranger).as("%s %s has a RangerConfiguration", env, role).isEqualTo(role.equals("query"));

        List<String> cluster = call(calls, "emr", "create-cluster");
        assertThat(after(cluster, "--name")).isEqualTo("carelake-" + env + "-" + role);
        assertThat(after(cluster, "--security-configuration")).isEqualTo(name);
        List<String> apps = values(cluster, "--applications").stream().map(a -> a.replaceFirst("^Name=", "")).toList();
        applications.put(role, apps);
        if (ranger) {
          assertThat(RANGER_APPLICATIONS).as("applications EMR allows with Ranger (%s %s)", env, role).containsAll(apps);
        }

        Map<String, String> ec2 = keyValues(after(cluster, "--ec2-attributes"));
        assertThat(ec2).containsEntry("SubnetId", e.getProperty("SUBNET_ID"))
            .containsEntry("EmrManagedMasterSecurityGroup", e.getProperty("MASTER_SG"))
            .containsEntry("EmrManagedSlaveSecurityGroup", e.getProperty("SLAVE_SG"))
            .containsEntry("ServiceAccessSecurityGroup", e.getProperty("SERVICE_ACCESS_SG"))
            .containsEntry("AdditionalMasterSecurityGroups", "[" + e.getProperty(prefix + "_ACCESS_SG") + "]")
            .containsEntry("InstanceProfile", e.getProperty("INSTANCE_PROFILE"))
            .doesNotContainKey("KeyName");
        assertThat(ec2.get("SubnetId")).matches("subnet-[0-9a-f]{17}");
        accessGroups.put(role, e.getProperty(prefix + "_ACCESS_SG"));
        assertThat(List.of(ec2.get("EmrManagedMasterSecurityGroup"), ec2.get("EmrManagedSlaveSecurityGroup"),
            ec2.get("ServiceAccessSecurityGroup"), e.getProperty(prefix + "_ACCESS_SG")))
            .allMatch(g -> g.matches("sg-[0-9a-f]{17}")).doesNotHaveDuplicates();
        assertThat(after(cluster, "--log-uri")).isEqualTo(e.getProperty("LOG_URI")).startsWith("s3://");
        assertThat(values(cluster, "--instance-groups")).anyMatch(g -> g.contains("InstanceGroupType=CORE,InstanceCount="
            + e.getProperty(prefix + "_CORE_COUNT") + ","));

        // Kerberos: the role's own realm and secret
        assertThat(after(cluster, "--kerberos-attributes")).startsWith("file:///").endsWith("kerberos-attributes.json");
        assertThat(after(call(calls, "secretsmanager", "get-secret-value"), "--secret-id"))
            .isEqualTo(e.getProperty(prefix + "_KERBEROS_SECRET_ID"));
        assertThat(run.out()).contains("Realm=" + e.getProperty(prefix + "_KERBEROS_REALM") + " plus");

        // the external metastore in both: hive-site in the printed configurations, its password only as an alias
        assertThat(run.out()).contains("\"javax.jdo.option.ConnectionURL\": \"" + e.getProperty("METASTORE_JDBC_URL") + "\"")
            .contains("jceks://file/etc/carelake/metastore.jceks").doesNotContain("ConnectionPassword");
        assertThat(run.out().toLowerCase()).doesNotContain("password\"", "password=");
        assertThat(after(cluster, "--bootstrap-actions")).contains("emr-bootstrap.sh")
            .contains("--metastore-credentials," + e.getProperty("METASTORE_CREDENTIALS"));
        assertThat(values(cluster, "--tags")).contains("environment=" + env, "cluster-role=" + role);

        String app = e.getProperty("APP_ROOT");
        if (role.equals("etl")) {
          assertEtlCluster(env, e, run.out(), calls, cluster, app);
        } else {
          // nothing to orchestrate: no bundle, no sharelibs, no install step, no Oozie settings, no etl account
          assertThat(calls(calls, "s3", "sync")).isEmpty();
          assertThat(cluster).doesNotContain("--steps");
          assertThat(after(cluster, "--bootstrap-actions")).doesNotContain("--etl-user");
          assertThat(run.out()).doesNotContain("oozie-site");
        }
      }
      assertThat(applications.get("etl")).containsExactly("Hadoop", "Hive", "Sqoop", "Oozie", "Tez");
      assertThat(applications.get("query")).contains("Hadoop", "Hive", "Tez").doesNotContain("Sqoop", "Oozie");
      assertThat(accessGroups.get("etl")).as("the analysts' network never reaches the etl cluster")
          .isNotEqualTo(accessGroups.get("query"));
    }
  }

  private static void assertEtlCluster(String env, Properties e, String out, List<List<String>> calls, List<String> cluster,
      String app) throws Exception {
    // Oozie: the executors and schemas the workflow uses, and the hive2 credential its hive2 actions name
    assertThat(out).contains("\"oozie.credentials.credentialclasses\": \"hive2=org.apache.oozie.action.hadoop.Hive2Credentials\"")
        .contains("Hive2ActionExecutor", "SqoopActionExecutor", "hive2-action-1.0.xsd");
    assertThat(after(cluster, "--bootstrap-actions")).contains("--etl-user," + e.getProperty("ETL_PRINCIPAL"));
    String step = after(cluster, "--steps");
    assertThat(step).contains("emr-install-step.sh " + String.join(" ", app, e.getProperty("ETL_KERBEROS_REALM"),
        e.getProperty("ETL_PRINCIPAL"), e.getProperty("ETL_KEYTAB"), e.getProperty("HDFS_PRINCIPAL"),
        e.getProperty("HDFS_KEYTAB")) + "]");

    // the bundle the workflow names: every sqoop-jobs source folder, the HQL, the catalog, the three apps
    List<String> synced = calls(calls, "s3", "sync").stream().map(c -> c.get(c.size() - 1)).toList();
    assertThat(synced).contains(app + "/nightly", app + "/daily", app + "/backfill", app + "/sqoop-jobs/ehr",
        app + "/sqoop-jobs/billing", app + "/hive/hql", app + "/catalog", app + "/sharelib/carelake-sqoop",
        app + "/sharelib/carelake-pipeline");
    // the job.properties it installs name the same bundle
    assertThat(ClusterEnv.jobProperties(env).getProperty("appRoot")).isEqualTo(app);
    assertThat(calls(calls, "s3", "cp").stream().map(c -> c.get(c.size() - 1)).toList())
        .contains(app + "/env/job.properties", app + "/scripts/emr-bootstrap.sh", app + "/scripts/emr-install-step.sh");
  }

  @Test
  void jobPropertiesNameTheEtlClustersRealmAndHiveServer() throws Exception {
    for (String env : ClusterEnv.names()) {
      Properties cluster = ClusterEnv.load(env);
      Properties job = ClusterEnv.jobProperties(env);
      String realm = cluster.getProperty("ETL_KERBEROS_REALM");
      assertThat(realm).as("ETL_KERBEROS_REALM of %s", env).matches("[A-Z0-9.-]+")
          .isNotEqualTo(cluster.getProperty("QUERY_KERBEROS_REALM"));
      Matcher url = PRINCIPAL_REALM.matcher(job.getProperty("hiveJdbcUrl"));
      assertThat(url.find()).as("hiveJdbcUrl of %s names hive/_HOST@REALM", env).isTrue();
      assertThat(url.group(1)).as("realm of hiveJdbcUrl (%s)", env).isEqualTo(realm);
      // the credential's renewer: HiveServer2 on the same master the workflow's name-node is on
      String master = java.net.URI.create(job.getProperty("nameNode")).getHost();
      assertThat(job.getProperty("hiveServerPrincipal")).isEqualTo("hive/" + master + "@" + realm);
      assertThat(job.getProperty("hiveJdbcUrl")).startsWith("jdbc:hive2://" + master + ":");
    }
  }

  @Test
  void badArgumentsAreRefusedWithTheFix() throws Exception {
    Scripts.Run unknown = Scripts.createCluster("--env", "qa", "--cluster", "etl", "--dry-run");
    assertThat(unknown.exit()).isEqualTo(64);
    assertThat(unknown.err()).contains("no environment 'qa'").contains("known: dev prod");
    Scripts.Run none = Scripts.createCluster("--env", "dev", "--dry-run");
    assertThat(none.exit()).isEqualTo(64);
    assertThat(none.err()).contains("Usage: scripts/create-cluster.sh --env ENV --cluster etl|query");
    Scripts.Run role = Scripts.createCluster("--env", "dev", "--cluster", "analytics", "--dry-run");
    assertThat(role.exit()).isEqualTo(64);
    assertThat(role.err()).contains("--cluster 'analytics' is not a cluster role; use etl", "or query");
    assertThat(Scripts.createCluster("--env", "dev", "--cluster", "etl", "--wet-run").err())
        .contains("unknown argument '--wet-run'");
  }

  private static Map<String, String> keyValues(String csv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : csv.split(",")) {
      out.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return out;
  }
}
