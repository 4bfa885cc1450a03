package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.WorkflowJob;
import org.apache.oozie.local.LocalOozie;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The workflow's control flow executed by a real Oozie (LocalOozie, in this JVM, with a
 * MiniDFSCluster as the name-node): the done-flag decisions (complete days skipped, partial runs never completing a
 * day), the per-table decisions, the fork and join, the real fs actions (begin-day, publish-T, mark-done,
 * finish-partial, discard-work) and the error path to the kill node. Only in this test's copy,
 * the actions that need a cluster or a database are replaced by fs actions that leave a marker
 * (sqoop, verify and split java actions, hive2, reconcile, e-mail); split-T also writes the zone
 * directories publish-T then moves, so the real publish actions run on real directories.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalOozieControlFlowTest {
  private Path root;
  private MiniDFSCluster dfs;
  private FileSystem fs;
  private String nameNode;
  private OozieClient oozie;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    root = dir;
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    // Oozie acts on HDFS as the job's user through a proxy user of the process owner
    String me = System.getProperty("user.name");
    conf.set("hadoop.proxyuser." + me + ".hosts", "*");
    conf.set("hadoop.proxyuser." + me + ".groups", "*");
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    nameNode = fs.getUri().toString();
    // the workflows run as etl, who owns the lake (and the markers of this test)
    fs.mkdirs(new org.apache.hadoop.fs.Path("/lake"));
    fs.setOwner(new org.apache.hadoop.fs.Path("/lake"), "etl", "etl");
    // Oozie keeps each fs action's recovery file in the user's home
    fs.mkdirs(new org.apache.hadoop.fs.Path("/user/etl"));
    fs.setOwner(new org.apache.hadoop.fs.Path("/user/etl"), "etl", "etl");
    OozieServices.configureHome(dir.resolve("oozie-home"), OozieServices.LOCAL_OOZIE_SERVICES);
    LocalOozie.start();
    oozie = LocalOozie.getClient();
  }

  @AfterAll
  void stop() {
    LocalOozie.stop();
    if (dfs != null) {
      dfs.shutdown();
    }
  }

  /** The test copy of workflow.xml: every action that needs a cluster becomes an fs action. */
  private String testCopy(String app, String failingAction) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(OozieApps.WORKFLOW.toFile());
    String wf = "uri:oozie:workflow:1.0";
    NodeList actions = doc.getElementsByTagNameNS(wf, "action");
    for (int i = 0; i < actions.getLength(); i++) {
      Element action = (Element) actions.item(i);
      String name = action.getAttribute("name");
      Element body = firstElement(action);
      if (body.getLocalName().equals("fs") && !name.equals(failingAction)) {
        continue;
      }
      Element fs = doc.createElementNS(wf, "fs");
      if (name.equals(failingAction)) {
        Element move = doc.createElementNS(wf, "move");
        move.setAttribute("source", "${markers}/does-not-exist");
        move.setAttribute("target", "${markers}/never");
        fs.appendChild(move);
      } else {
        Element touch = doc.createElementNS(wf, "touchz");
        touch.setAttribute("path", "${markers}/" + name);
        fs.appendChild(touch);
        if (name.startsWith("split-")) {
          String table = name.substring("split-".length()).replace('-', '_');
          for (String zone : List.of("general", "limited", "restricted", "quarantine")) {
            Element mkdir = doc.createElementNS(wf, "mkdir");
            mkdir.setAttribute("path", "${stagingRoot}/_work/${wf:id()}/split/" + table + "/" + zone);
            fs.appendChild(mkdir);
            Element part = doc.createElementNS(wf, "touchz");
            part.setAttribute("path", "${stagingRoot}/_work/${wf:id()}/split/" + table + "/" + zone + "/part-m-00000.parquet");
            fs.appendChild(part);
          }
        }
      }
      action.replaceChild(fs, body);
      action.removeAttribute("retry-max");
      action.removeAttribute("retry-interval");
    }
    // markers: a parameter of the test copy only
    Element parameters = firstElement(doc.getDocumentElement());
    Element property = doc.createElementNS(wf, "property");
    Element pname = doc.createElementNS(wf, "name");
    pname.setTextContent("markers");
    property.appendChild(pname);
    parameters.insertBefore(property, parameters.getFirstChild());
    StringWriter xml = new StringWriter();
    javax.xml.transform.Transformer t = TransformerFactory.newInstance().newTransformer();
    t.setOutputProperty(OutputKeys.INDENT, "yes");
    t.transform(new DOMSource(doc), new StreamResult(xml));
    try (java.io.OutputStream o = fs.create(new org.apache.hadoop.fs.Path("/apps/" + app + "/workflow.xml"))) {
      o.write(xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return nameNode + "/apps/" + app;
  }

  private static Element firstElement(Element parent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        return e;
      }
    }
    throw new AssertionError(parent.getTagName());
  }

  private Properties jobConf(String app, String run, String tables, boolean force) throws Exception {
    Properties p = JobProperties.load(OozieApps.ENVIRONMENTS.resolve("dev/job.properties"));
    p.remove("oozie.coord.application.path");
    p.setProperty(OozieClient.APP_PATH, app);
    p.setProperty(OozieClient.USER_NAME, "etl");
    p.setProperty("nameNode", nameNode);
    p.setProperty("resourceManager", "localhost:8032");
    Map<String, String> roots = new LinkedHashMap<>();
    for (String r : List.of("stagingRoot", "generalRoot", "limitedRoot", "restrictedRoot", "quarantineRoot", "snapshotRoot",
        "manifestRoot")) {
      roots.put(r, nameNode + "/lake/" + r);
    }
    roots.forEach(p::setProperty);
    fs.mkdirs(new org.apache.hadoop.fs.Path("/markers-" + run));
    fs.setOwner(new org.apache.hadoop.fs.Path("/markers-" + run), "etl", "etl");
    p.setProperty("markers", nameNode + "/markers-" + run);
    p.setProperty("businessDate", "2027-03-14");
    p.setProperty("windowStart", "2027-03-14 00:00:00");
    p.setProperty("windowEnd", "2027-03-15 00:00:00");
    p.setProperty("nominalTime", "2027-03-15T06:00Z");
    p.setProperty("tables", tables);
    p.setProperty("force", Boolean.toString(force));
    return p;
  }

  /** Runs the workflow to its end; prints each action's status and error (the test output) for diagnosis. */
  private WorkflowJob runToEnd(Properties conf) throws Exception {
    String id = oozie.run(conf);
    for (int i = 0; i < 900; i++) {
      WorkflowJob job = oozie.getJobInfo(id);
      WorkflowJob.Status s = job.getStatus();
      if (s != WorkflowJob.Status.RUNNING && s != WorkflowJob.Status.PREP) {
        for (org.apache.oozie.client.WorkflowAction a : job.getActions()) {
          System.out.println(id + " " + a.getName() + " " + a.getStatus() + " " + a.getTransition()
              + (a.getErrorCode() == null ? "" : " " + a.getErrorCode() + ": " + a.getErrorMessage()));
        }
        return job;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("workflow " + id + " did not end in 180 s");
  }

  /** The nodes the run went through (actions Oozie started, decisions included), with their transitions. */
  private static Map<String, String> transitions(WorkflowJob job) {
    Map<String, String> out = new LinkedHashMap<>();
    job.getActions().forEach(a -> out.put(a.getName(), a.getTransition()));
    return out;
  }

  private List<String> markers(String run) throws Exception {
    return java.util.Arrays.stream(fs.listStatus(new org.apache.hadoop.fs.Path("/markers-" + run)))
        .map(st -> st.getPath().getName()).sorted().toList();
  }

  /** stagingRoot/_work/&lt;wf id&gt;: the run's private work space (staged and split PHI). */
  private boolean workDirExists(WorkflowJob job) throws Exception {
    return exists("stagingRoot/_work/" + job.getId());
  }

  private boolean exists(String lakePath) throws Exception {
    return fs.exists(new org.apache.hadoop.fs.Path("/lake/" + lakePath));
  }

  @Test
  void aDayRunsItsTablesPublishesTheirPartitionsAndOnlyAFullRunCompletesIt() throws Exception {
    String app = testCopy("ok", null);

    // a DBA's partial run (backfill --tables) of an incomplete day: partitions published, the day stays incomplete
    WorkflowJob partial = runToEnd(jobConf(app, "partial", "patients,payers", false));
    assertThat(partial.getStatus()).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    assertThat(markers("partial")).containsExactly("hive-billing-reconciliation", "hive-clinical-tables",
        "hive-condition-code-map", "hive-databases", "hive-entitlements", "hive-lab-reference-ranges",
        "hive-limited-tables", "hive-partitions", "hive-patient-profile", "hive-reidentification-view",
        "hive-restricted-tables",
        "import-patients", "import-payers", "reconcile", "split-patients", "split-payers", "verify-patients",
        "verify-payers");
    // the real publish actions: patients has a restricted zone, payers not
    assertThat(exists("generalRoot/patients/dt=2027-03-14/_SUCCESS")).as("generalRoot/patients/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(exists("generalRoot/patients/dt=2027-03-14/part-m-00000.parquet")).as("generalRoot/patients/dt=2027-03-14/part-m-00000.parquet").isTrue();
    assertThat(exists("restrictedRoot/patients/dt=2027-03-14/_SUCCESS")).as("restrictedRoot/patients/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(exists("limitedRoot/patients/dt=2027-03-14/_SUCCESS")).as("limitedRoot/patients/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(exists("quarantineRoot/payers/dt=2027-03-14/_SUCCESS")).as("quarantineRoot/payers/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(exists("restrictedRoot/payers")).as("restrictedRoot/payers").isFalse();
    assertThat(exists("generalRoot/observations")).as("generalRoot/observations").isFalse();
    assertThat(transitions(partial)).containsEntry("complete-or-partial", "finish-partial").doesNotContainKey("mark-done");
    assertThat(exists("manifestRoot/dt=2027-03-14/_SUCCESS")).as("a partial run never completes a day").isFalse();
    assertThat(workDirExists(partial)).as("the run's private work directory is removed").isFalse();

    // every table: the day is complete
    WorkflowJob full = runToEnd(jobConf(app, "full", "all", false));
    assertThat(full.getStatus()).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    assertThat(markers("full")).contains("import-observations", "split-claims-transactions", "reconcile");
    assertThat(transitions(full)).containsEntry("complete-or-partial", "mark-done");
    assertThat(exists("manifestRoot/dt=2027-03-14/_SUCCESS")).as("manifestRoot/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(workDirExists(full)).isFalse();

    // complete: the same day again goes straight to end
    assertThat(runToEnd(jobConf(app, "again", "all", false)).getStatus()).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    assertThat(markers("again")).isEmpty();

    // a forced partial rebuild of a complete day: the old partition replaced, the day stays complete (as NightlyRun)
    WorkflowJob forced = runToEnd(jobConf(app, "forced", "payers", true));
    assertThat(forced.getStatus()).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    assertThat(markers("forced")).contains("import-payers", "split-payers", "reconcile").doesNotContain("import-patients");
    assertThat(transitions(forced)).containsEntry("was-complete", "remember-complete")
        .containsEntry("complete-or-partial", "mark-done");
    assertThat(exists("generalRoot/payers/dt=2027-03-14/_SUCCESS")).as("generalRoot/payers/dt=2027-03-14/_SUCCESS").isTrue();
    assertThat(exists("manifestRoot/dt=2027-03-14/_SUCCESS")).as("manifestRoot/dt=2027-03-14/_SUCCESS").isTrue();
  }

  @Test
  void aFailedActionNotifiesAndKillsAndTheDayStaysIncomplete() throws Exception {
    String app = testCopy("fail", "import-claims");
    Properties conf = jobConf(app, "failing", "all", true);
    conf.setProperty("businessDate", "2027-03-15");

    WorkflowJob job = runToEnd(conf);
    assertThat(job.getStatus()).isEqualTo(WorkflowJob.Status.KILLED);
    assertThat(markers("failing")).contains("notify-failure", "import-patients").doesNotContain("reconcile",
        "hive-databases", "verify-claims");
    assertThat(transitions(job)).containsEntry("notify-failure", "discard-work").containsEntry("discard-work", "fail");
    assertThat(exists("manifestRoot/dt=2027-03-15/_SUCCESS")).as("manifestRoot/dt=2027-03-15/_SUCCESS").isFalse();
  }

  @Test
  void aFailedRunLeavesNoStagedDataInItsWorkDirectory() throws Exception {
    // after the join nothing else runs: the work directory holds every table's staged and split files
    String app = testCopy("fail-late", "reconcile");
    Properties conf = jobConf(app, "failing-late", "patients", true);
    conf.setProperty("businessDate", "2027-03-16");

    WorkflowJob job = runToEnd(conf);
    assertThat(job.getStatus()).isEqualTo(WorkflowJob.Status.KILLED);
    assertThat(markers("failing-late")).contains("split-patients", "hive-reidentification-view", "notify-failure");
    assertThat(transitions(job)).containsEntry("notify-failure", "discard-work").containsEntry("discard-work", "fail");
    assertThat(workDirExists(job)).as("_work/%s after the kill", job.getId()).isFalse();
    assertThat(exists("manifestRoot/dt=2027-03-16/_SUCCESS")).as("manifestRoot/dt=2027-03-16/_SUCCESS").isFalse();
  }
}
