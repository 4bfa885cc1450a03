package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The workflow against the project's real files, both ways: every options file, HQL file and
 * main class it names exists, and every sqoop-jobs/ options file, every catalog table and every
 * hive/hql file is used by it. A table added to the catalog (and its options file) fails here
 * until the workflow imports it. The split actions set only keys the split job reads (its
 * constants in mapreduce/src/main/java), the AWS KMS client among them, and no quarantine override.
 */
class WorkflowConsistencyTest {
  private static final Pattern APP_FILE = Pattern.compile("\\$\\{appRoot}/([^#<]+)");
  private static final Pattern HQL_VARIABLE = Pattern.compile("\\$\\{([a-z_]+)}");
  /** {@code static final String NAME = "literal";} in the split job's sources. */
  private static final Pattern STRING_CONSTANT = Pattern.compile("static final String (\\w+)\\s*=\\s*\"([^\"]+)\";");
  private static final Path SPLIT_SOURCES = OozieApps.HOME.resolve("mapreduce/src/main/java");
  private static final String AWS_KMS_CLIENT = "org.carelake.split.crypto.AwsKmsClient";

  private static Document workflow;
  private static JsonNode catalog;

  @BeforeAll
  static void load() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    workflow = f.newDocumentBuilder().parse(OozieApps.WORKFLOW.toFile());
    catalog = new ObjectMapper().readTree(OozieApps.HOME.resolve("catalog/data-classification.json").toFile());
  }

  private static List<Element> actions() {
    List<Element> out = new ArrayList<>();
    NodeList nodes = workflow.getDocumentElement().getElementsByTagNameNS("uri:oozie:workflow:1.0", "action");
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  private static Element action(String name) {
    return actions().stream().filter(a -> a.getAttribute("name").equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("workflow.xml has no action " + name));
  }

  /** The first element child of an action: sqoop, java, hive2, fs or email. */
  private static Element body(Element action) {
    for (Node n = action.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    throw new AssertionError(action.getAttribute("name"));
  }

  private static List<String> texts(Element parent, String localName) {
    List<String> out = new ArrayList<>();
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().trim());
    }
    return out;
  }

  private static Map<String, List<String>> tablesBySource() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    catalog.path("sources").fieldNames().forEachRemaining(s -> out.put(s, new ArrayList<>()));
    for (JsonNode t : catalog.path("tables")) {
      out.get(t.path("source").asText()).add(t.path("name").asText());
    }
    return out;
  }

  private static String id(String table) {
    return table.replace('_', '-');
  }

  private static Set<String> filesUnder(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      Set<String> out = new TreeSet<>();
      s.filter(p -> p.toString().endsWith(suffix)).forEach(p -> out.add(OozieApps.HOME.relativize(p).toString()));
      return out;
    }
  }

  @Test
  void everyOptionsFileIsImportedOnceAndEveryImportNamesAnExistingOptionsFile() throws Exception {
    Set<String> referenced = new TreeSet<>();
    List<String> duplicates = new ArrayList<>();
    for (Element a : actions()) {
      if (body(a).getLocalName().equals("sqoop")) {
        for (String file : texts(body(a), "file")) {
          Matcher m = APP_FILE.matcher(file);
          assertThat(m.find()).as(file).isTrue();
          if (!referenced.add(m.group(1))) {
            duplicates.add(m.group(1));
          }
          assertThat(OozieApps.HOME.resolve(m.group(1))).as("options file of %s", a.getAttribute("name")).isRegularFile();
          // the options file is localized under the name the action passes to --options-file
          List<String> args = texts(body(a), "arg");
          assertThat(args.get(args.indexOf("--options-file") + 1)).isEqualTo(file.substring(file.indexOf('#') + 1));
        }
      }
    }
    assertThat(duplicates).as("options files imported twice").isEmpty();
    assertThat(referenced).isEqualTo(filesUnder(OozieApps.HOME.resolve("sqoop-jobs"), ".options"));
  }

  @Test
  void everyCatalogTableIsImportedVerifiedSplitAndPublishedOnItsSourcesForkPath() {
    Map<String, List<String>> bySource = tablesBySource();
    NodeList forks = workflow.getDocumentElement().getElementsByTagNameNS("*", "fork");
    assertThat(forks.getLength()).isEqualTo(1);
    NodeList paths = ((Element) forks.item(0)).getElementsByTagNameNS("*", "path");
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < paths.getLength(); i++) {
      starts.add(((Element) paths.item(i)).getAttribute("start"));
    }
    assertThat(starts).containsExactlyElementsOf(bySource.values().stream().map(l -> "want-" + id(l.get(0))).toList());

    for (JsonNode t : catalog.path("tables")) {
      String table = t.path("name").asText();
      String source = t.path("source").asText();
      boolean windowed = t.path("import").asText().equals("windowed");
      List<String> sqoop = texts(body(action("import-" + id(table))), "arg");
      assertThat(sqoop).as(table).containsSubsequence("--connect", "${" + source + "JdbcUrl}")
          .containsSubsequence("--password-alias", "carelake.source." + source + ".password")
          .containsSubsequence("--target-dir", "${stagingRoot}/_work/${wf:id()}/staging/" + source + "/" + table)
          .contains("--outdir", "--bindir", "--temporary-rootdir").doesNotContain("--password", "--merge-key");
      assertThat(sqoop.contains("--where")).as("%s is %s", table, t.path("import").asText()).isEqualTo(windowed);
      if (windowed) {
        assertThat(sqoop.get(sqoop.indexOf("--where") + 1)).isEqualTo(
            "last_modified >= TIMESTAMP '${windowStart}' AND last_modified < TIMESTAMP '${windowEnd}'");
      }
      List<String> verify = texts(body(action("verify-" + id(table))), "arg");
      assertThat(verify).containsSubsequence("--table", table)
          .containsSubsequence("--publish-to", "${stagingRoot}/" + source + "/" + table + "/dt=${businessDate}");
      assertThat(verify.contains("--window-start")).isEqualTo(windowed);
      assertThat(texts(body(action("split-" + id(table))), "arg")).containsSubsequence("--table", table)
          .contains("${wf:actionData('verify-" + id(table) + "')['stagedRows']}");
      assertThat(action("publish-" + id(table))).isNotNull();
    }
  }

  @Test
  void eachSourcesPathVisitsItsTablesInCatalogOrderAndEndsAtTheJoin() {
    for (Map.Entry<String, List<String>> e : tablesBySource().entrySet()) {
      List<String> tables = e.getValue();
      for (int i = 0; i < tables.size(); i++) {
        String next = i + 1 < tables.size() ? "want-" + id(tables.get(i + 1)) : "import-join";
        Element publish = action("publish-" + id(tables.get(i)));
        assertThat(((Element) publish.getElementsByTagNameNS("*", "ok").item(0)).getAttribute("to"))
            .as("after %s.%s", e.getKey(), tables.get(i)).isEqualTo(next);
      }
    }
  }

  @Test
  void everyHqlFileIsRunAndEachHive2ActionPassesExactlyTheVariablesItsScriptUses() throws Exception {
    Set<String> referenced = new LinkedHashSet<>();
    for (Element a : actions()) {
      Element body = body(a);
      if (!body.getLocalName().equals("hive2")) {
        continue;
      }
      Matcher m = APP_FILE.matcher(texts(body, "script").get(0));
      assertThat(m.find()).isTrue();
      Path script = OozieApps.HOME.resolve(m.group(1));
      assertThat(script).as("script of %s", a.getAttribute("name")).isRegularFile();
      referenced.add(m.group(1));
      Set<String> used = new TreeSet<>();
      Matcher v = HQL_VARIABLE.matcher(Files.readString(script).replaceAll("(?m)^--.*$", ""));
      while (v.find()) {
        used.add(v.group(1));
      }
      Set<String> passed = new TreeSet<>();
      texts(body, "param").forEach(p -> passed.add(p.substring(0, p.indexOf('='))));
      assertThat(passed).as("params of %s for %s", a.getAttribute("name"), script.getFileName()).isEqualTo(used);
    }
    assertThat(new TreeSet<>(referenced)).isEqualTo(filesUnder(OozieApps.HOME.resolve("hive/hql"), ".hql"));
    // the same order as the local run (NightlyRun.hiveSteps): databases, tables, partitions, snapshot, view
    assertThat(referenced).containsExactly("hive/hql/ddl/databases.hql", "hive/hql/ddl/entitlements.hql",
        "hive/hql/ddl/clinical_tables.hql", "hive/hql/ddl/clinical_limited_tables.hql",
        "hive/hql/ddl/phi_restricted_tables.hql", "hive/hql/partitions/add_partitions.hql",
        "hive/hql/snapshot/condition_code_map.hql", "hive/hql/snapshot/lab_reference_ranges.hql",
        "hive/hql/snapshot/patient_profile.hql", "hive/hql/snapshot/billing_reconciliation.hql",
        "hive/hql/steward/reidentification.hql");
  }

  @Test
  void everyJavaMainClassAndEveryOtherDeployedFileExistsInTheCheckout() throws Exception {
    Set<String> mains = new TreeSet<>();
    for (Element a : actions()) {
      if (body(a).getLocalName().equals("java")) {
        String main = texts(body(a), "main-class").get(0);
        mains.add(main);
        String relative = "src/main/java/" + main.replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.list(OozieApps.HOME)) {
          assertThat(modules.anyMatch(m -> Files.isRegularFile(m.resolve(relative))))
              .as("%s (action %s) is not in any module's src/main/java", main, a.getAttribute("name")).isTrue();
        }
        for (String file : texts(body(a), "file")) {
          Matcher m = APP_FILE.matcher(file);
          assertThat(m.find()).isTrue();
          assertThat(OozieApps.HOME.resolve(m.group(1))).isRegularFile();
        }
      }
    }
    assertThat(mains).containsExactly("org.carelake.pipeline.oozie.ReconcileDay", "org.carelake.split.PhiSplitJob",
        "org.carelake.sqoop.VerifyImport");
  }

  @Test
  void everyEnvironmentDefinesTheSameKeysAndNoSecrets() throws Exception {
    Set<String> keys = null;
    for (Path env : JobProperties.environments()) {
      Properties p = JobProperties.load(env);
      if (keys == null) {
        keys = new TreeSet<>(p.stringPropertyNames());
      }
      assertThat(new TreeSet<>(p.stringPropertyNames())).as(env.toString()).isEqualTo(keys);
      assertThat(p.stringPropertyNames()).noneMatch(k -> k.toLowerCase().contains("password"));
      assertThat(p.getProperty("oozie.coord.application.path")).isEqualTo("${appRoot}/daily");
    }
  }

  @Test
  void theTokenKeyStoreOutlivesTheClusterInTheRestrictedBucket() throws Exception {
    for (Path env : JobProperties.environments()) {
      Properties p = JobProperties.load(env);
      String store = p.getProperty("credentialProviderPath");
      // jceks://s3@bucket/path: the store is read through the file system of the unnested URI
      assertThat(store).as("%s credentialProviderPath", env).startsWith("jceks://s3@");
      String bucket = store.substring("jceks://s3@".length(), store.indexOf('/', "jceks://s3@".length()));
      assertThat(p.getProperty("restrictedRoot")).as("%s: the key store's bucket is the restricted one", env)
          .startsWith("s3://" + bucket + "/");
      assertThat(p.getProperty("keyCheckFile")).as(env.toString()).startsWith("s3://" + bucket + "/");
    }
  }

  /** The split actions' ToolRunner -D options, key to value (the same for every table). */
  private static Map<String, String> splitOptions() {
    Map<String, String> first = null;
    for (JsonNode t : catalog.path("tables")) {
      String name = "split-" + id(t.path("name").asText());
      List<String> args = texts(body(action(name)), "arg");
      Map<String, String> options = new LinkedHashMap<>();
      int firstToolOption = args.indexOf("--catalog");
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).equals("-D")) {
          // ToolRunner reads generic options only before the tool's own
          assertThat(i).as("-D %s of %s after --catalog", args.get(i + 1), name).isLessThan(firstToolOption);
          String kv = args.get(i + 1);
          options.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
      }
      if (first == null) {
        first = options;
      }
      assertThat(options).as(name).isEqualTo(first);
    }
    return first;
  }

  /** Every string constant of the split job's sources: value to Class.NAME. */
  private static Map<String, String> splitJobConstants() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(SPLIT_SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = STRING_CONSTANT.matcher(Files.readString(f));
        while (m.find()) {
          out.put(m.group(2), f.getFileName().toString().replace(".java", "") + "." + m.group(1));
        }
      }
    }
    return out;
  }

  private static String splitJobSource(String relative) throws IOException {
    return Files.readString(SPLIT_SOURCES.resolve("org/carelake/split").resolve(relative));
  }

  @Test
  void everyKeyTheSplitActionsSetIsOneTheSplitJobReads() throws Exception {
    Map<String, String> options = splitOptions();
    Map<String, String> constants = splitJobConstants();
    // keys of Hadoop and Parquet the split job reads through their own constants
    Map<String, String> external = Map.of(
        org.apache.hadoop.security.alias.CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        "keys/TokenKeys.java:CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH",
        org.apache.hadoop.mapreduce.MRJobConfig.QUEUE_NAME, "PhiSplitJob.java:Job.getInstance(jobConf",
        "parquet.encryption.kms.client.class", "crypto/CryptoConf.java:KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME");
    for (String key : options.keySet()) {
      if (external.containsKey(key)) {
        String[] where = external.get(key).split(":", 2);
        assertThat(splitJobSource(where[0])).as("%s reads %s", where[0], key).contains(where[1]);
      } else {
        assertThat(constants).as("-D %s of the split actions is no constant of the split job (%s)", key, SPLIT_SOURCES)
            .containsKey(key);
      }
    }
    // what makes the EMR split behave as the local one: its keys, the lake's key check and the sources' zone
    assertThat(options.keySet().stream().map(k -> constants.getOrDefault(k, k)).toList()).contains(
        "parquet.encryption.kms.client.class", "AwsKmsClient.REGION", "CryptoConf.GENERAL_KEY", "CryptoConf.LIMITED_KEY",
        "CryptoConf.RESTRICTED_KEY", "SplitJobConf.KEY_CHECK_FILE", "SplitJobConf.SOURCE_TIME_ZONE",
        "hadoop.security.credential.provider.path");
    assertThat(options).containsEntry("parquet.encryption.kms.client.class", "${kmsClientClass}")
        .containsEntry("carelake.split.key.check.file", "${keyCheckFile}");
  }

  @Test
  void theCatalogDecidesEachTablesQuarantineThreshold() throws Exception {
    String maxQuarantineKey = splitJobConstants().entrySet().stream()
        .filter(e -> e.getValue().equals("SplitJobConf.MAX_QUARANTINE_FRACTION")).findFirst().orElseThrow().getKey();
    assertThat(splitOptions()).doesNotContainKey(maxQuarantineKey);
    for (JsonNode t : catalog.path("tables")) {
      assertThat(texts(body(action("split-" + id(t.path("name").asText()))), "arg")).doesNotContain("--max-quarantine");
    }
    for (Path env : JobProperties.environments()) {
      assertThat(JobProperties.load(env).stringPropertyNames()).as(env.toString())
          .noneMatch(k -> k.toLowerCase().matches(".*(maxquarantine|threshold).*"));
    }
  }

  @Test
  void everyEnvironmentSplitsWithTheAwsKmsClientInItsOwnRegionAndAccount() throws Exception {
    Path client = SPLIT_SOURCES.resolve(AWS_KMS_CLIENT.replace('.', '/') + ".java");
    assertThat(client).isRegularFile();
    assertThat(Files.readString(client)).contains("public final class AwsKmsClient implements KmsClient");
    for (String env : ClusterEnv.names()) {
      Properties job = ClusterEnv.jobProperties(env);
      Properties cluster = ClusterEnv.load(env);
      assertThat(job.getProperty("kmsClientClass")).as(env).isEqualTo(AWS_KMS_CLIENT);
      assertThat(job.getProperty("kmsRegion")).as(env).isEqualTo(cluster.getProperty("REGION"));
      for (String key : List.of("generalMasterKey", "limitedMasterKey", "restrictedMasterKey")) {
        assertThat(job.getProperty(key)).as("%s of %s", key, env)
            .startsWith("arn:aws:kms:" + cluster.getProperty("REGION") + ":" + cluster.getProperty("ACCOUNT_ID") + ":");
      }
      // the key check lives beside the restricted zone, never where analysts read
      assertThat(job.getProperty("keyCheckFile")).as(env)
          .isEqualTo("s3://" + java.net.URI.create(job.getProperty("restrictedRoot")).getHost() + "/_keys/key-check.json");
    }
    assertThat(ClusterEnv.jobProperties("prod").getProperty("kmsClientClass")).isEqualTo(AWS_KMS_CLIENT);
  }
}
