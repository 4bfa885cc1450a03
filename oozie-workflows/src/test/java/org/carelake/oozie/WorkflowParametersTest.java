package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every variable the workflow and the coordinators use in an EL expression (${...}, functions such
 * as wf:id() and EL constants such as MINUTES aside) is declared: the workflow's in its own
 * &lt;parameters&gt;, each coordinator's in its &lt;parameters&gt; or in every environment's
 * job.properties. And every workflow parameter without a default is given by both coordinators'
 * workflow configuration or by every job.properties. Oozie itself checks neither: an undeclared
 * variable only fails when the node using it runs (limitedRoot did, in publish-T).
 */
class WorkflowParametersTest {
  private static final Pattern EL = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern STRING_LITERAL = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern IDENTIFIER = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z_][A-Za-z0-9_]*)?)(\\s*\\()?");
  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Set<String> EL_KEYWORDS = Set.of("and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "true",
      "false", "null", "empty", "div", "mod", "instanceof");
  /** Oozie's EL constants: the workflow's (sizes, time units of SLAs) and the coordinators' (dataset URI templates). */
  private static final Set<String> WORKFLOW_CONSTANTS = Set.of("KB", "MB", "GB", "TB", "PB", "MINUTES", "HOURS", "DAYS");
  private static final Set<String> COORDINATOR_CONSTANTS = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "MINUTES",
      "HOURS", "DAYS");

  /** The variables (not functions, keywords or constants) of every ${...} of {@code xml}, comments left out. */
  static Set<String> variables(String xml, Set<String> constants) {
    Set<String> out = new TreeSet<>();
    Matcher el = EL.matcher(COMMENT.matcher(xml).replaceAll(""));
    while (el.find()) {
      Matcher id = IDENTIFIER.matcher(STRING_LITERAL.matcher(el.group(1)).replaceAll("''"));
      while (id.find()) {
        String name = id.group(1);
        boolean function = id.group(2) != null || name.contains(":");
        if (!function && !EL_KEYWORDS.contains(name) && !constants.contains(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** name -> default (null when required) of the &lt;parameters&gt; of an Oozie application. */
  static Map<String, String> parameters(Document app) {
    Map<String, String> out = new LinkedHashMap<>();
    NodeList params = app.getDocumentElement().getElementsByTagNameNS("*", "parameters");
    if (params.getLength() == 0) {
      return out;
    }
    NodeList props = ((Element) params.item(0)).getElementsByTagNameNS("*", "property");
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      NodeList value = p.getElementsByTagNameNS("*", "value");
      out.put(p.getElementsByTagNameNS("*", "name").item(0).getTextContent().trim(),
          value.getLength() == 0 ? null : value.item(0).getTextContent());
    }
    return out;
  }

  /** The names a coordinator passes in its action's workflow &lt;configuration&gt;. */
  static Set<String> passedToTheWorkflow(Document coordinator) {
    Set<String> out = new TreeSet<>();
    NodeList config = coordinator.getDocumentElement().getElementsByTagNameNS("*", "configuration");
    NodeList names = ((Element) config.item(0)).getElementsByTagNameNS("*", "name");
    for (int i = 0; i < names.getLength(); i++) {
      out.add(names.item(i).getTextContent().trim());
    }
    return out;
  }

  static Document parse(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(file.toFile());
  }

  /** Keys every environment's job.properties defines. */
  static Set<String> definedByEveryEnvironment() throws Exception {
    Set<String> common = null;
    for (Path env : JobProperties.environments()) {
      Set<String> keys = new TreeSet<>(JobProperties.load(env).stringPropertyNames());
      if (common == null) {
        common = keys;
      }
      common.retainAll(keys);
    }
    return common;
  }

  @Test
  void everyVariableTheWorkflowUsesIsOneOfItsParameters() throws Exception {
    Set<String> used = variables(Files.readString(OozieApps.WORKFLOW), WORKFLOW_CONSTANTS);
    assertThat(used).contains("limitedRoot", "entitlementsRoot", "hiveServerPrincipal", "keyCheckFile", "tables");
    assertThat(parameters(parse(OozieApps.WORKFLOW)).keySet()).as("declared in nightly/workflow.xml").containsAll(used);
  }

  @Test
  void everyRequiredWorkflowParameterIsGivenByBothCoordinatorsOrEveryEnvironment() throws Exception {
    Set<String> environment = definedByEveryEnvironment();
    for (Path coordinator : List.of(OozieApps.DAILY, OozieApps.BACKFILL)) {
      Set<String> given = new TreeSet<>(environment);
      given.addAll(passedToTheWorkflow(parse(coordinator)));
      parameters(parse(OozieApps.WORKFLOW)).forEach((name, defaultValue) -> {
        if (defaultValue == null) {
          assertThat(given).as("required parameter %s of the workflow run by %s", name, coordinator.getFileName())
              .contains(name);
        }
      });
    }
  }

  @Test
  void everyVariableACoordinatorUsesIsDeclaredOrDefinedByEveryEnvironment() throws Exception {
    Set<String> environment = definedByEveryEnvironment();
    for (Path coordinator : List.of(OozieApps.DAILY, OozieApps.BACKFILL)) {
      Set<String> known = new TreeSet<>(environment);
      known.addAll(parameters(parse(coordinator)).keySet());
      assertThat(known).as(coordinator.toString())
          .containsAll(variables(Files.readString(coordinator), COORDINATOR_CONSTANTS));
    }
  }

  @Test
  void theCheckSeesVariablesInsideExpressionsButNotFunctionsLiteralsOrComments() {
    String xml = "<!-- ${inComment} --><a p=\"${root}/x\">${tables eq 'all' or replaceAll(concat(',', tables), "
        + "'.*,patients,.*', 'yes') eq 'yes'} ${wf:actionData('verify-x')['stagedRows']} ${slaShouldEnd * MINUTES}"
        + " ${fs:exists(concat(manifestRoot, '/_SUCCESS'))}</a>";
    assertThat(variables(xml, WORKFLOW_CONSTANTS)).containsExactly("manifestRoot", "root", "slaShouldEnd", "tables");
  }
}
