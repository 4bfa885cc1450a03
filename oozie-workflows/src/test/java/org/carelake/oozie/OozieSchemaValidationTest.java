package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applications against Oozie 5.2.1's own XSDs, all namespaces they use in one Schema. */
class OozieSchemaValidationTest {
  @Test
  void workflowIsValidAgainstWorkflowSqoopHive2EmailAndSlaSchemas() throws Exception {
    assertThat(OozieSchemas.validate(OozieSchemas.of(OozieSchemas.WORKFLOW), OozieApps.WORKFLOW)).isEmpty();
  }

  @Test
  void coordinatorsAreValidAgainstCoordinatorAndSlaSchemas() throws Exception {
    Schema schema = OozieSchemas.of(OozieSchemas.COORDINATOR);
    assertThat(OozieSchemas.validate(schema, OozieApps.DAILY)).isEmpty();
    assertThat(OozieSchemas.validate(schema, OozieApps.BACKFILL)).isEmpty();
  }

  @Test
  void aBrokenActionIsReportedWithItsLineAndColumn(@TempDir Path tmp) throws Exception {
    String xml = Files.readString(OozieApps.WORKFLOW);
    // a sqoop action without its mandatory <arg>s, and a misspelt hive2 element
    Path broken = tmp.resolve("workflow.xml");
    Files.writeString(broken, xml
        .replaceFirst("(?s)<arg>import</arg>.*?(<file>\\$\\{appRoot}/sqoop-jobs/ehr/patients)", "$1")
        .replaceFirst("<jdbc-url>", "<jdbc-uri>").replaceFirst("</jdbc-url>", "</jdbc-uri>"));

    assertThat(OozieSchemas.validate(OozieSchemas.of(OozieSchemas.WORKFLOW), broken))
        .anySatisfy(e -> assertThat(e).matches("workflow\\.xml:\\d+:\\d+: .*'file'.*"))
        .anySatisfy(e -> assertThat(e).contains("jdbc-uri"));
  }

  @Test
  void coordinatorWithoutDoneFlagOrderIsRejected(@TempDir Path tmp) throws Exception {
    Path broken = tmp.resolve("coordinator.xml");
    // done-flag must follow uri-template
    Files.writeString(broken, Files.readString(OozieApps.DAILY).replaceFirst(
        "(?s)(<uri-template>.*?</uri-template>)\\s*(<done-flag>_SUCCESS</done-flag>)", "$2$1"));
    assertThat(OozieSchemas.validate(OozieSchemas.of(OozieSchemas.COORDINATOR), broken))
        .anySatisfy(e -> assertThat(e).startsWith("coordinator.xml:").contains("done-flag"));
  }
}
