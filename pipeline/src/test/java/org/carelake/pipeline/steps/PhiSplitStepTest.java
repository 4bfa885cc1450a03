package org.carelake.pipeline.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.StepResult;
import org.carelake.split.SplitResult;
import org.carelake.split.ZoneAudit;
import org.carelake.split.output.Zone;
import org.carelake.split.treatments.QuarantineReason;
import org.junit.jupiter.api.Test;

/** The split step's lineage names each zone by what it is, whichever zones the catalog makes it write. */
class PhiSplitStepTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private final DataCatalog catalog = DataCatalog.load(Path.of(System.getProperty("carelake.home"))
      .resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  private final Lake lake = new Lake(new org.apache.hadoop.fs.Path("file:///lake"));

  /** Counts that differ per zone, so a count reported for the wrong zone shows. */
  private static SplitResult result() {
    return new SplitResult("patients", DAY, "job_local1_0001", 20, 18, 17, 16, 2,
        Map.of(QuarantineReason.MISSING_REQUIRED, 2L), 0, new ZoneAudit.Counts(16, 16, 16, 0),
        new org.apache.hadoop.fs.Path("file:///lake/_work/r/split/patients"));
  }

  private static Dataset zone(String zone) {
    return new Dataset("file", "/lake/" + zone + "/patients/dt=" + DAY, !zone.equals("general"));
  }

  @Test
  void withALimitedTargetEachZoneGetsItsOwnColumnsRowsAndName() {
    assertThat(catalog.target(DataCatalog.LIMITED_TARGET)).as("the catalog has a limited target").isPresent();
    PhiSplitStep step = new PhiSplitStep(catalog.table("patients"), lake, DAY, 0.05, true);
    assertThat(step.outputs()).containsExactly(zone("general"), zone("limited"), zone("restricted"), zone("quarantine"));

    StepResult out = new StepResult();
    step.lineage(out, result(), catalog);
    LineageFacets f = out.lineage().build();

    assertThat(f.rows()).containsEntry(zone("general"), 18L).containsEntry(zone("limited"), 17L)
        .containsEntry(zone("restricted"), 16L).containsEntry(zone("quarantine"), 2L);
    assertThat(f.zones()).containsEntry(zone("limited"), "limited").containsEntry(zone("restricted"), "restricted");
    assertThat(f.columnLineage().get(zone("restricted"))).containsKeys("ssn", "patient_token", "record_token");
    assertThat(f.columnLineage().get(zone("limited"))).containsKeys("birthdate", "zip3").doesNotContainKey("ssn");
    assertThat(f.schemas().get(zone("limited"))).extracting(LineageFacets.Field::name).contains("birthdate")
        .doesNotContain("ssn", "patient_token");
  }

  @Test
  void withoutALimitedTargetOrIdentifiersOnlyTheZonesWrittenAppear() {
    PhiSplitStep step = new PhiSplitStep(catalog.table("organizations"), lake, DAY, 0.05, false);
    assertThat(catalog.table("organizations").hasRestrictedZone()).isFalse();
    StepResult out = new StepResult();
    step.lineage(out, result(), catalog);
    LineageFacets f = out.lineage().build();
    Dataset general = new Dataset("file", "/lake/general/organizations/dt=" + DAY, false);
    Dataset quarantine = new Dataset("file", "/lake/quarantine/organizations/dt=" + DAY, true);
    assertThat(step.outputs()).containsExactly(general, quarantine);
    assertThat(f.rows()).containsOnly(Map.entry(general, 18L), Map.entry(quarantine, 2L));
    assertThat(f.zones()).containsOnly(Map.entry(general, Zone.GENERAL.dirName()),
        Map.entry(quarantine, Zone.QUARANTINE.dirName()));
  }
}
