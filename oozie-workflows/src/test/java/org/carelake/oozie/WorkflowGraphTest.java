package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.oozie.service.LiteWorkflowStoreService;
import org.apache.oozie.workflow.WorkflowException;
import org.apache.oozie.workflow.lite.LiteWorkflowApp;
import org.apache.oozie.workflow.lite.LiteWorkflowAppParser;
import org.apache.oozie.workflow.lite.NodeDef;
import org.apache.oozie.workflow.lite.StartNodeDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow through Oozie's own parser (what the server runs at submission: schema, missing
 * transitions E0708, loops E0707, fork/join pairing E0730-E0737, required parameters E0738) with
 * each environment's job.properties, plus what Oozie does not check: nodes no path reaches.
 */
class WorkflowGraphTest {
  /** What the coordinators pass to each workflow run (see daily/ and backfill/coordinator.xml). */
  static final List<String> SET_BY_COORDINATOR = List.of("businessDate", "windowStart", "windowEnd", "nominalTime");

  @BeforeAll
  static void services() {
    OozieServices.start();
  }

  static LiteWorkflowApp parse(String xml, Configuration jobConf) throws Exception {
    LiteWorkflowAppParser parser = new LiteWorkflowAppParser(OozieSchemas.of(OozieSchemas.WORKFLOW),
        LiteWorkflowStoreService.LiteControlNodeHandler.class, LiteWorkflowStoreService.LiteDecisionHandler.class,
        LiteWorkflowStoreService.LiteActionHandler.class);
    return parser.validateAndParse(new StringReader(xml), jobConf);
  }

  static Configuration coordinatorRun(Path jobProperties) throws Exception {
    Configuration conf = JobProperties.conf(JobProperties.load(jobProperties));
    conf.set("businessDate", "2027-03-14");
    conf.set("windowStart", "2027-03-14 00:00:00");
    conf.set("windowEnd", "2027-03-15 00:00:00");
    conf.set("nominalTime", "2027-03-15T06:00Z");
    return conf;
  }

  /** Names of the nodes that no path from start reaches. */
  static Set<String> unreachable(LiteWorkflowApp app) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(StartNodeDef.START));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        NodeDef node = app.getNode(name);
        if (node != null) {
          todo.addAll(node.getTransitions());
        }
      }
    }
    Set<String> out = new TreeSet<>();
    for (NodeDef node : app.getNodeDefs()) {
      if (!seen.contains(node.getName())) {
        out.add(node.getName());
      }
    }
    return out;
  }

  @Test
  void everyEnvironmentsJobPropertiesDefineEveryRequiredParameter() throws Exception {
    assertThat(JobProperties.environments()).extracting(p -> p.getParent().getFileName().toString())
        .contains("dev", "prod");
    String xml = Files.readString(OozieApps.WORKFLOW);
    for (Path env : JobProperties.environments()) {
      LiteWorkflowApp app = parse(xml, coordinatorRun(env));
      assertThat(app.getNode("import-join")).as(env.toString()).isNotNull();
      assertThat(unreachable(app)).as("nodes no path reaches (%s)", env).isEmpty();
    }
  }

  @Test
  void theGraphHasTheNightlyShape() throws Exception {
    LiteWorkflowApp app = parse(Files.readString(OozieApps.WORKFLOW), coordinatorRun(JobProperties.environments().get(0)));
    assertThat(app.getNode("import-fork").getTransitions()).containsExactly("want-patients", "want-payers");
    assertThat(app.getNode("check-done").getTransitions()).containsExactly("end", "begin-day");
    // the day's state is remembered before its done-flag goes
    assertThat(app.getNode("begin-day").getTransitions().get(0)).isEqualTo("was-complete");
    assertThat(app.getNode("was-complete").getTransitions()).containsExactly("remember-complete", "clear-done");
    assertThat(app.getNode("remember-complete").getTransitions().get(0)).isEqualTo("clear-done");
    assertThat(app.getNode("clear-done").getTransitions().get(0)).isEqualTo("import-fork");
    // every action's error transition goes to the notification, which discards the work space, then the kill node
    for (NodeDef node : app.getNodeDefs()) {
      if (node.getHandlerClass() == LiteWorkflowStoreService.LiteActionHandler.class
          && !List.of("notify-failure", "discard-work").contains(node.getName())) {
        assertThat(node.getTransitions()).as(node.getName()).hasSize(2).last().isEqualTo("notify-failure");
      }
    }
    assertThat(app.getNode("notify-failure").getTransitions()).containsExactly("discard-work", "discard-work");
    assertThat(app.getNode("discard-work").getTransitions()).containsExactly("fail", "fail");
    // the Hive chain runs after the join, then reconcile, then the done-flag unless the run was partial
    assertThat(app.getNode("import-join").getTransitions()).containsExactly("hive-databases");
    assertThat(app.getNode("hive-patient-profile").getTransitions().get(0)).isEqualTo("hive-billing-reconciliation");
    assertThat(app.getNode("hive-billing-reconciliation").getTransitions().get(0)).isEqualTo("hive-reidentification-view");
    assertThat(app.getNode("hive-reidentification-view").getTransitions().get(0)).isEqualTo("reconcile");
    assertThat(app.getNode("reconcile").getTransitions().get(0)).isEqualTo("complete-or-partial");
    assertThat(app.getNode("complete-or-partial").getTransitions()).containsExactly("mark-done", "finish-partial");
    assertThat(app.getNode("mark-done").getTransitions().get(0)).isEqualTo("end");
    assertThat(app.getNode("finish-partial").getTransitions().get(0)).isEqualTo("end");
  }

  @Test
  void aMissingParameterIsNamed() throws Exception {
    Configuration conf = coordinatorRun(JobProperties.environments().get(0));
    conf.unset("hiveJdbcUrl");
    assertThatThrownBy(() -> parse(Files.readString(OozieApps.WORKFLOW), conf))
        .isInstanceOf(WorkflowException.class).hasMessageContaining("E0738").hasMessageContaining("hiveJdbcUrl");
  }

  @Test
  void oozieRejectsLoopsDanglingTransitionsAndBrokenForks() throws Exception {
    Configuration conf = coordinatorRun(JobProperties.environments().get(0));
    String xml = Files.readString(OozieApps.WORKFLOW);
    // clear-done back to check-done: a loop
    assertThatThrownBy(() -> parse(xml.replace("<ok to=\"import-fork\"/>", "<ok to=\"check-done\"/>"), conf))
        .isInstanceOf(WorkflowException.class).hasMessageContaining("E0707");
    // a transition to a node that does not exist
    assertThatThrownBy(() -> parse(xml.replace("<default to=\"finish-partial\"/>", "<default to=\"finish-partail\"/>"),
        conf)).isInstanceOf(WorkflowException.class).hasMessageContaining("E0708");
    // the billing path leaves the fork without reaching the join
    assertThatThrownBy(() -> parse(xml.replace("<ok to=\"import-join\"/>", "<ok to=\"hive-databases\"/>"), conf))
        .isInstanceOf(WorkflowException.class).hasMessageMatching("(?s).*E07(3[0-9]|4[0-9]).*");
  }

  @Test
  void aNodeNoPathReachesIsFoundThoughOozieAcceptsIt() throws Exception {
    Configuration conf = coordinatorRun(JobProperties.environments().get(0));
    String orphan = "  <action name=\"orphan-cleanup\">\n    <fs><delete path=\"${stagingRoot}/_work\"/></fs>\n"
        + "    <ok to=\"end\"/>\n    <error to=\"notify-failure\"/>\n  </action>\n\n  <kill name=\"fail\">";
    String xml = Files.readString(OozieApps.WORKFLOW).replace("  <kill name=\"fail\">", orphan);
    LiteWorkflowApp app = parse(xml, conf);
    assertThat(unreachable(app)).containsExactly("orphan-cleanup");
  }
}
