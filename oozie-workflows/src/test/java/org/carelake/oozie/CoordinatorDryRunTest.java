package org.carelake.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.oozie.command.CommandException;
import org.apache.oozie.command.coord.ActionConfigurationResolver;
import org.apache.oozie.command.coord.CoordSubmitXCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oozie's own coordinator dry run (what `oozie job -dryrun` asks the server for), in process: it
 * resolves the job.properties, materializes the actions and evaluates their EL, so the nominal
 * times, business dates, windows and done-flag dependencies below are Oozie's, DST included.
 */
class CoordinatorDryRunTest {
  private static final Pattern ACTION = Pattern.compile("action-nominal-time=\"([^\"]+)\"");

  /** One materialized coordinator action: its nominal time and what it passes to the workflow. */
  record Action(String nominalTime, String businessDate, String windowStart, String windowEnd,
      List<String> previousDayFlag, String output, String tables, String force) {
  }

  @BeforeAll
  static void services() {
    OozieServices.start();
  }

  /**
   * The dev job.properties with the done-flags on the local file system: materializing opens each
   * dataset's file system, and S3 is not reachable here.
   */
  static Configuration jobConf(Path app, Path manifests) throws Exception {
    Configuration conf = JobProperties.conf(JobProperties.load(JobProperties.environments().get(0)));
    conf.set("manifestRoot", manifests.toUri().toString().replaceFirst("/$", ""));
    conf.set("oozie.coord.application.path", app.getParent().toUri().toString());
    conf.set("user.name", "etl");
    return conf;
  }

  static List<Action> dryRun(Configuration conf) throws Exception {
    String out = new CoordSubmitXCommand(true, conf).call();
    List<Action> actions = new ArrayList<>();
    String[] parts = out.split("action for new instance");
    for (int i = 1; i < parts.length; i++) {
      String xml = parts[i].substring(parts[i].indexOf("<coordinator-app"), parts[i].lastIndexOf("</coordinator-app>") + 18);
      // an action that waits for the previous day's flag keeps its EL until the flag exists; the server
      // then resolves it with the data-phase evaluator, as here
      String a = ActionConfigurationResolver.resolve(xml, conf, "dryrun@" + i);
      Matcher nominal = ACTION.matcher(a);
      assertThat(nominal.find()).as(a).isTrue();
      List<String> inputs = new ArrayList<>();
      Matcher in = Pattern.compile("(?s)<data-in name=\"previous-day\".*?</data-in>").matcher(a);
      if (in.find()) {
        Matcher uris = Pattern.compile("<uris>([^<]*)</uris>").matcher(in.group());
        while (uris.find()) {
          inputs.add(uris.group(1));
        }
      }
      Matcher outUri = Pattern.compile("(?s)<data-out name=\"business-day\".*?<uris>([^<]*)</uris>").matcher(a);
      actions.add(new Action(nominal.group(1), property(a, "businessDate"), property(a, "windowStart"),
          property(a, "windowEnd"), inputs, outUri.find() ? outUri.group(1) : null, property(a, "tables"),
          property(a, "force")));
    }
    return actions;
  }

  /** A property of the workflow configuration (not the coordinator's parameter defaults). */
  private static String property(String action, String name) {
    String workflow = action.substring(action.indexOf("<workflow>"));
    Matcher m = Pattern.compile("<name>" + name + "</name>\\s*<value>([^<]*)</value>").matcher(workflow);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void backfillOverTheSpringDstChangeListsOneActionPerDayAtLocalMidnight(@TempDir Path manifests) throws Exception {
    // what `carelake backfill --from 2027-03-12 --to 2027-03-16 --tables observations --force` submits
    Configuration conf = jobConf(OozieApps.BACKFILL, manifests);
    conf.set("backfillFrom", "2027-03-12");
    conf.set("backfillTo", "2027-03-16");
    conf.set("backfillStart", "2027-03-12T05:00Z");
    conf.set("backfillEnd", "2027-03-16T04:01Z");
    // the dry run lists only the actions the throttle lets materialize at once
    conf.set("materializeAhead", "10");
    conf.set("tables", "observations");
    conf.set("force", "true");

    List<Action> actions = dryRun(conf);

    assertThat(actions).extracting(Action::nominalTime).containsExactly(
        "2027-03-12T05:00Z", "2027-03-13T05:00Z", "2027-03-14T05:00Z", "2027-03-15T04:00Z", "2027-03-16T04:00Z");
    assertThat(actions).extracting(Action::businessDate)
        .containsExactly("2027-03-12", "2027-03-13", "2027-03-14", "2027-03-15", "2027-03-16");
    assertThat(actions.get(2).windowStart()).isEqualTo("2027-03-14 00:00:00");
    assertThat(actions.get(2).windowEnd()).isEqualTo("2027-03-15 00:00:00");
    String flags = manifests.toUri().toString().replaceFirst("/$", "") + "/dt=";
    // the first day depends on nothing; each later day on the previous day's done-flag
    assertThat(actions.get(0).previousDayFlag()).isEmpty();
    for (int i = 1; i < actions.size(); i++) {
      assertThat(actions.get(i).previousDayFlag()).containsExactly(flags + actions.get(i - 1).businessDate());
    }
    assertThat(actions).allSatisfy(a -> {
      assertThat(a.output()).isEqualTo(flags + a.businessDate());
      assertThat(a.tables()).isEqualTo("observations");
      assertThat(a.force()).isEqualTo("true");
    });
  }

  @Test
  void dailyRunsAt2amFacilityTimeForTheDayThatEnded(@TempDir Path manifests) throws Exception {
    Configuration conf = jobConf(OozieApps.DAILY, manifests);
    conf.set("dailyStart", "2027-03-13T07:00Z");
    conf.set("dailyEnd", "2027-03-16T07:00Z");

    List<Action> actions = dryRun(conf);

    // 02:00 EST is 07:00Z; after the change on 2027-03-14 02:00 EDT is 06:00Z
    assertThat(actions).extracting(Action::nominalTime).startsWith("2027-03-13T07:00Z").endsWith("2027-03-15T06:00Z");
    assertThat(actions).extracting(Action::businessDate).containsExactly("2027-03-12", "2027-03-13", "2027-03-14");
    assertThat(actions).extracting(Action::windowEnd)
        .containsExactly("2027-03-13 00:00:00", "2027-03-14 00:00:00", "2027-03-15 00:00:00");
    String flags = manifests.toUri().toString().replaceFirst("/$", "") + "/dt=";
    assertThat(actions).allSatisfy(a -> {
      assertThat(a.output()).isEqualTo(flags + a.businessDate());
      assertThat(a.previousDayFlag()).containsExactly(
          flags + java.time.LocalDate.parse(a.businessDate()).minusDays(1));
      assertThat(a.tables()).isEqualTo("all");
      assertThat(a.force()).isEqualTo("false");
    });
  }

  @Test
  void aStartThatIsNotUtcIsRefused(@TempDir Path manifests) throws Exception {
    Configuration conf = jobConf(OozieApps.BACKFILL, manifests);
    conf.set("backfillFrom", "2027-03-12");
    conf.set("backfillTo", "2027-03-16");
    conf.set("backfillStart", "2027-03-12T00:00-0500");
    conf.set("backfillEnd", "2027-03-16T04:01Z");
    assertThatThrownBy(() -> dryRun(conf)).isInstanceOf(CommandException.class);
  }
}
