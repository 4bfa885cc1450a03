package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two scripts EMR runs on the nodes, run here against a temporary directory with stand-ins for
 * the commands a node has (src/test/resources/emr-fakes: sudo, aws, kinit, hdfs, oozie, kadmin.local,
 * ...), which log what they are asked. File modes and owners are real: the bootstrap test needs root
 * (as on a node; CI runs as root) to install a file owned by root.
 */
class EmrScriptsTest {
  private static final Path BOOTSTRAP = OozieApps.HOME.resolve("scripts/emr-bootstrap.sh");
  private static final Path INSTALL_STEP = OozieApps.HOME.resolve("scripts/emr-install-step.sh");
  private static final String MASTER = "ip-10-20-9-9.ec2.internal";
  private static final List<String> FAKES = List.of("sudo", "kinit", "hdfs", "oozie", "aws", "kadmin.local", "useradd",
      "groupadd", "chown", "hostname");

  @TempDir
  Path dir;
  private Path log;
  private Path s3;
  private Map<String, String> env;

  @BeforeEach
  void fakes() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String fake : FAKES) {
      try (InputStream in = EmrScriptsTest.class.getResourceAsStream("/emr-fakes/" + fake)) {
        Files.copy(in, bin.resolve(fake));
      }
      Files.setPosixFilePermissions(bin.resolve(fake), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    log = dir.resolve("calls.log");
    s3 = Files.createDirectories(dir.resolve("s3"));
    env = new HashMap<>();
    env.put("PATH", bin + ":/usr/bin:/bin");
    env.put("FAKE_LOG", log.toString());
    env.put("FAKE_S3", s3.toString());
    env.put("TMPDIR", Files.createDirectories(dir.resolve("tmp")).toString());
  }

  private List<String> calls() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private Path instanceInfo(boolean master) throws IOException {
    return Files.writeString(dir.resolve("instance-" + master + ".json"),
        "{\"isMaster\": " + master + ", \"isRunningNameNode\": " + master + "}");
  }

  @Test
  void theBootstrapInstallsTheMetastoreStoreForRootAndItsGroupOnlyAndOnTheMasterOnly() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "installs a file owned by root, as on an EMR node");
    Files.createDirectories(s3.resolve("carelake-dev-config/secrets"));
    Files.writeString(s3.resolve("carelake-dev-config/secrets/metastore.jceks"), "jceks bytes");
    Path etc = dir.resolve("etc/carelake");
    env.put("CARELAKE_ETC", etc.toString());
    String group = Files.readAttributes(dir, PosixFileAttributes.class).group().getName();

    env.put("CARELAKE_INSTANCE_INFO", instanceInfo(true).toString());
    Scripts.Run master = Scripts.run(BOOTSTRAP, env, "--metastore-credentials",
        "s3://carelake-dev-config/secrets/metastore.jceks", "--etl-user", "carelake-test-etl-7f3a", "--metastore-group", group);

    assertThat(master.exit()).as(master.err()).isZero();
    Path store = etc.resolve("metastore.jceks");
    assertThat(store).hasContent("jceks bytes");
    PosixFileAttributes attributes = Files.readAttributes(store, PosixFileAttributes.class);
    assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("r--r-----");
    assertThat(attributes.owner().getName()).isEqualTo("root");
    assertThat(attributes.group().getName()).isEqualTo(group);
    assertThat(dir.resolve("tmp")).as("the download is removed").isEmptyDirectory();
    // the group existed: not made again; the etl account did not: made, with a regular uid and no login
    assertThat(calls()).noneMatch(c -> c.startsWith("groupadd"))
        .contains("useradd --no-create-home --shell /sbin/nologin carelake-test-etl-7f3a");

    // a core node: no store (only the master runs the metastore), the etl account all the same
    Files.delete(log);
    Path coreEtc = dir.resolve("core/etc/carelake");
    env.put("CARELAKE_ETC", coreEtc.toString());
    env.put("CARELAKE_INSTANCE_INFO", instanceInfo(false).toString());
    Scripts.Run core = Scripts.run(BOOTSTRAP, env, "--metastore-credentials",
        "s3://carelake-dev-config/secrets/metastore.jceks", "--etl-user", "carelake-test-etl-7f3a");
    assertThat(core.exit()).as(core.err()).isZero();
    assertThat(coreEtc).doesNotExist();
    assertThat(calls()).noneMatch(c -> c.startsWith("aws")).anyMatch(c -> c.startsWith("useradd"));
  }

  @Test
  void theBootstrapMakesTheMetastoreGroupWhenItDoesNotExistYet() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "installs a file owned by root, as on an EMR node");
    Files.createDirectories(s3.resolve("b"));
    Files.writeString(s3.resolve("b/metastore.jceks"), "jceks bytes");
    env.put("CARELAKE_ETC", dir.resolve("etc/carelake").toString());
    env.put("CARELAKE_INSTANCE_INFO", instanceInfo(true).toString());

    // the group stand-in only logs: install then fails on the group, and the script stops there
    Scripts.Run run = Scripts.run(BOOTSTRAP, env, "--metastore-credentials", "s3://b/metastore.jceks",
        "--metastore-group", "carelake-no-such-group-7f3a");

    List<String> calls = calls();
    int download = calls.stream().filter(c -> c.startsWith("aws s3 cp s3://b/metastore.jceks ")).findFirst()
        .map(calls::indexOf).orElseThrow();
    assertThat(calls.indexOf("groupadd carelake-no-such-group-7f3a")).as("the group is made before the download")
        .isBetween(0, download);
    assertThat(run.exit()).isNotZero();
    assertThat(dir.resolve("etc/carelake/metastore.jceks")).doesNotExist();
    assertThat(dir.resolve("tmp")).as("the download is removed on failure too").isEmptyDirectory();
  }

  @Test
  void theInstallStepRunsEveryHdfsAndOozieCommandUnderATicketOfItsIdentity() throws Exception {
    Properties cluster = ClusterEnv.load("dev");
    String app = cluster.getProperty("APP_ROOT");
    Path bundle = Files.createDirectories(s3.resolve(app.substring("s3://".length())));
    Files.createDirectories(bundle.resolve("env"));
    Files.copy(OozieApps.ENVIRONMENTS.resolve("dev/job.properties"), bundle.resolve("env/job.properties"));
    for (String lib : List.of("carelake-sqoop", "carelake-pipeline")) {
      Files.createDirectories(bundle.resolve("sharelib/" + lib));
      Files.writeString(bundle.resolve("sharelib/" + lib + "/" + lib + ".jar"), "jar");
    }
    String realm = cluster.getProperty("ETL_KERBEROS_REALM");
    Path etlKeytab = dir.resolve("etc/carelake/etl.keytab");
    Path hdfsKeytab = Files.writeString(dir.resolve("hdfs.keytab"), "hdfs keytab");

    Scripts.Run run = Scripts.run(INSTALL_STEP, env, app, realm, cluster.getProperty("ETL_PRINCIPAL"), etlKeytab.toString(),
        cluster.getProperty("HDFS_PRINCIPAL"), hdfsKeytab.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    String etl = "etl@" + realm;
    String hdfs = "hdfs/" + MASTER + "@" + realm;
    List<String> calls = calls();
    // the etl principal and its keytab: made under umask 077, then 0400 for etl
    assertThat(calls).anyMatch(c -> c.matches("kadmin.local user=root umask=\\d+ -q addprinc -randkey " + etl))
        .contains("kadmin.local user=root umask=0077 -q ktadd -k " + etlKeytab + " " + etl)
        .contains("chown etl:etl " + etlKeytab);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etlKeytab))).isEqualTo("r--------");
    assertThat(calls).contains("kinit user=etl keytab=" + etlKeytab + " principal=" + etl,
        "kinit user=hdfs keytab=" + hdfsKeytab + " principal=" + hdfs);

    // every hdfs and oozie command: the identity's own ticket, never the step user's (none here)
    List<String> commands = calls.stream().filter(c -> c.startsWith("hdfs ") || c.startsWith("oozie ")).toList();
    assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c).matches(
        "(hdfs|oozie) user=(etl ticket=" + java.util.regex.Pattern.quote(etl) + "|hdfs ticket="
            + java.util.regex.Pattern.quote(hdfs) + ") .*"));
    assertThat(commands).contains("hdfs user=hdfs ticket=" + hdfs + " dfs -chown etl:etl /user/etl",
        "hdfs user=hdfs ticket=" + hdfs + " dfs -chown -R oozie:oozie /user/oozie/share/lib/lib_20270101000000/carelake-sqoop");
    String submit = commands.get(commands.size() - 1);
    assertThat(submit).startsWith("oozie user=etl ticket=" + etl + " job -oozie http://localhost:11000/oozie -config ")
        .endsWith(" -run");

    // the coordinator got this cluster's master in every address and principal
    Properties submitted = JobProperties.load(Path.of(log + ".submitted.properties"));
    assertThat(URI.create(submitted.getProperty("nameNode")).getHost()).isEqualTo(MASTER);
    assertThat(submitted.getProperty("resourceManager")).startsWith(MASTER + ":");
    assertThat(submitted.getProperty("hiveJdbcUrl")).startsWith("jdbc:hive2://" + MASTER + ":");
    assertThat(submitted.getProperty("hiveServerPrincipal")).isEqualTo("hive/" + MASTER + "@" + realm);
    // the key store is in S3, not on this cluster: the same store (and tokens) for every cluster
    assertThat(submitted.getProperty("credentialProviderPath"))
        .isEqualTo(ClusterEnv.jobProperties("dev").getProperty("credentialProviderPath"));
    String committedMaster = URI.create(ClusterEnv.jobProperties("dev").getProperty("nameNode")).getHost();
    assertThat(submitted.values()).noneMatch(v -> v.toString().contains(committedMaster));
    assertThat(dir.resolve("tmp")).as("the identities' work directories are removed").isEmptyDirectory();
  }

  @Test
  void theInstallStepNamesItsArguments() throws Exception {
    Scripts.Run run = Scripts.run(INSTALL_STEP, env, "s3://b/app", "REALM");
    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.err()).contains("Usage: emr-install-step.sh APP_ROOT REALM ETL_PRINCIPAL ETL_KEYTAB HDFS_PRINCIPAL HDFS_KEYTAB");
    assertThat(calls()).isEmpty();
  }
}
