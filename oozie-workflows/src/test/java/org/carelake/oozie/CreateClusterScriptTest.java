package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * scripts/create-cluster.sh --dry-run: the exact AWS CLI calls it would make, read back as the
 * shell would split them. There is no AWS account here: the PATH has no aws binary, so a dry run
 * that tried to call one would fail. The calls are checked against the environment's files.
 */
class CreateClusterScriptTest {
  private static final Path SCRIPT = OozieApps.HOME.resolve("scripts/create-cluster.sh");

  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", "/usr/bin:/bin");
    Path out = Files.createTempFile("create-cluster", ".out");
    Path err = Files.createTempFile("create-cluster", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

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

  private static List<String> call(List<List<String>> calls, String service, String operation) {
    List<List<String>> found = calls.stream().filter(c -> c.get(1).equals(service) && c.get(2).equals(operation)).toList();
    assertThat(found).as("aws %s %s", service, operation).hasSize(1);
    return found.get(0);
  }

  private static String after(List<String> call, String option) {
    int i = call.indexOf(option);
    assertThat(i).as(option + " in " + call).isPositive();
    return call.get(i + 1);
  }

  private static Properties clusterEnv(String env) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(OozieApps.ENVIRONMENTS.resolve(env).resolve("cluster.env"))) {
      p.load(r);
    }
    return p;
  }

  @Test
  void dryRunPrintsTheSecurityConfigurationAndAClusterInThePrivateSubnetWithLogsAndMetastore() throws Exception {
    for (String env : List.of("dev", "prod")) {
      Run run = run("--env", env, "--dry-run");
      assertThat(run.exit()).as(run.err()).isZero();
      Properties e = clusterEnv(env);
      List<List<String>> calls = awsCalls(run.out());

      List<String> security = call(calls, "emr", "create-security-configuration");
      assertThat(after(security, "--security-configuration"))
          .isEqualTo("file://" + OozieApps.HOME.resolve("emr-security-configuration.json"));
      String name = after(security, "--name");
      assertThat(name).matches("carelake-" + env + "-[0-9a-f]{12}");

      List<String> cluster = call(calls, "emr", "create-cluster");
      assertThat(after(cluster, "--security-configuration")).isEqualTo(name);
      Map<String, String> ec2 = keyValues(after(cluster, "--ec2-attributes"));
      assertThat(ec2).containsEntry("SubnetId", e.getProperty("SUBNET_ID"))
          .containsEntry("EmrManagedMasterSecurityGroup", e.getProperty("MASTER_SG"))
          .containsEntry("EmrManagedSlaveSecurityGroup", e.getProperty("SLAVE_SG"))
          .containsEntry("ServiceAccessSecurityGroup", e.getProperty("SERVICE_ACCESS_SG"))
          .containsEntry("InstanceProfile", e.getProperty("INSTANCE_PROFILE"));
      assertThat(ec2.get("SubnetId")).matches("subnet-[0-9a-f]{17}");
      assertThat(List.of(ec2.get("EmrManagedMasterSecurityGroup"), ec2.get("EmrManagedSlaveSecurityGroup"),
          ec2.get("ServiceAccessSecurityGroup"))).allMatch(g -> g.matches("sg-[0-9a-f]{17}")).doesNotHaveDuplicates();
      assertThat(ec2).doesNotContainKey("KeyName");
      assertThat(after(cluster, "--log-uri")).isEqualTo(e.getProperty("LOG_URI")).startsWith("s3://");
      assertThat(after(cluster, "--applications")).isEqualTo("Name=Hadoop");
      assertThat(cluster).contains("Name=Hive", "Name=Sqoop", "Name=Oozie");
      assertThat(after(cluster, "--kerberos-attributes")).startsWith("file:///").endsWith("kerberos-attributes.json");
      assertThat(after(cluster, "--bootstrap-actions")).contains("emr-bootstrap.sh").contains(e.getProperty("METASTORE_CREDENTIALS"));
      assertThat(after(cluster, "--steps")).contains("emr-install-step.sh").contains(e.getProperty("APP_ROOT"));
      // the external metastore: hive-site in the printed configurations, its password only as an alias
      assertThat(run.out()).contains("\"javax.jdo.option.ConnectionURL\": \"" + e.getProperty("METASTORE_JDBC_URL") + "\"")
          .contains("jceks://file/etc/carelake/metastore.jceks").doesNotContain("ConnectionPassword");
      assertThat(run.out().toLowerCase()).doesNotContain("password\"", "password=");

      // the bundle the workflow names: every sqoop-jobs source folder, the HQL, the catalog, the three apps
      List<String> synced = calls.stream().filter(c -> c.get(1).equals("s3") && c.get(2).equals("sync"))
          .map(c -> c.get(c.size() - 1)).toList();
      String app = e.getProperty("APP_ROOT");
      assertThat(synced).contains(app + "/nightly", app + "/daily", app + "/backfill", app + "/sqoop-jobs/ehr",
          app + "/sqoop-jobs/billing", app + "/hive/hql", app + "/catalog", app + "/sharelib/carelake-sqoop",
          app + "/sharelib/carelake-pipeline");
      // the job.properties it installs name the same bundle
      assertThat(JobProperties.load(OozieApps.ENVIRONMENTS.resolve(env).resolve("job.properties")).getProperty("appRoot"))
          .isEqualTo(app);
      assertThat(calls.stream().filter(c -> c.get(2).equals("cp")).map(c -> c.get(c.size() - 1)).toList())
          .contains(app + "/env/job.properties", app + "/scripts/emr-bootstrap.sh", app + "/scripts/emr-install-step.sh");
    }
  }

  @Test
  void badArgumentsAreRefusedWithTheFix() throws Exception {
    Run unknown = run("--env", "qa", "--dry-run");
    assertThat(unknown.exit()).isEqualTo(64);
    assertThat(unknown.err()).contains("no environment 'qa'").contains("known: dev prod");
    Run none = run("--dry-run");
    assertThat(none.exit()).isEqualTo(64);
    assertThat(none.err()).contains("Usage: scripts/create-cluster.sh --env ENV [--dry-run]");
    assertThat(run("--env", "dev", "--wet-run").err()).contains("unknown argument '--wet-run'");
  }

  private static Map<String, String> keyValues(String csv) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String kv : csv.split(",")) {
      out.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    return out;
  }
}
