package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.catalog.ZoneColumn;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.lineage.LineageGraph.Column;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run's events back: a snapshot column's path down to the source, masking and identifiers left behind. */
class ColumnPathTest {
  @TempDir
  Path dir;

  private LineageGraph graph;

  @BeforeEach
  void run() throws Exception {
    LineageTestRun run = new LineageTestRun(dir, new Configuration()).run(false);
    graph = LineageGraph.read(new Configuration(), run.lake.root(), LineageTestRun.DAY, Optional.empty());
  }

  @Test
  void zip3IsTracedToTheSourceZipThroughTheZip3Masking() {
    ColumnPath path = ColumnPath.of(graph, "snapshot.patient_profile.zip3");
    assertThat(path.sources()).containsExactly(new Column("postgres://127.0.0.1:5432", "ehr.public.patients", "zip"));
    assertThat(path.masked()).isTrue();
    assertThat(path.hops()).extracting(h -> h.column().field()).containsExactly("zip3", "zip3", "zip3", "zip", "zip");
    String text = path.render();
    assertThat(text).contains("MASKED TRANSFORMATION by nightly.split.patients: ZIP3")
        .contains("ehr.public.patients (postgres).zip")
        .contains("NOT PASSED ON (restricted zone only): ")
        .contains("ssn").contains("first").contains("last");
    // last_modified is DROP: the quarantine's raw record of rejected rows does not make it "restricted only"
    assertThat(path.hops().get(2).notes()).anySatisfy(n -> assertThat(n).isEqualTo(
        "DROPPED (written to no zone): last_modified"))
        .noneSatisfy(n -> assertThat(n).startsWith("NOT PASSED ON").contains("last_modified"))
        .anySatisfy(n -> assertThat(n).startsWith("rejected rows only").contains("quarantine/patients/dt=2026-11-20"));
  }

  /**
   * Every table of the real catalog, split into the zones the split writes (limited too): seen from a
   * general column, DROP columns are DROPPED, RESTRICTED_ONLY columns restricted-only, and TOKENIZE
   * columns arrive masked as tokens.
   */
  @Test
  void dropRestrictedOnlyAndTokenizeColumnsOfEveryTableAreReportedAsSuch() throws Exception {
    Path other = java.nio.file.Files.createDirectories(dir.resolve("every-table"));
    LineageTestRun run = new LineageTestRun(other, new Configuration()).splitEveryTable();
    LineageGraph g = LineageGraph.read(new Configuration(), run.lake.root(), LineageTestRun.DAY, Optional.empty());
    for (TableSpec t : run.catalog.tables()) {
      String general = DatasetNames.path(run.lake.partition(Lake.GENERAL, t.name(), LineageTestRun.DAY), false).name();
      List<String> expected = new ArrayList<>();
      List<String> restrictedOnly = names(t, Treatment.RESTRICTED_ONLY);
      List<String> dropped = names(t, Treatment.DROP);
      if (!restrictedOnly.isEmpty()) {
        expected.add("NOT PASSED ON (restricted zone only): " + String.join(", ", restrictedOnly));
      }
      if (!dropped.isEmpty()) {
        expected.add("DROPPED (written to no zone): " + String.join(", ", dropped));
      }
      expected.add("rejected rows only: the whole source record, every column, in quarantine/" + t.name()
          + "/dt=2026-11-20 (protected)");
      ColumnPath path = ColumnPath.of(g, general + "." + t.generalColumns().get(0).name());
      assertThat(path.hops().get(0).notes()).as(t.name()).containsExactlyElementsOf(expected);
      for (ZoneColumn z : t.generalColumns()) {
        if (z.source().treatment() == Treatment.TOKENIZE) {
          ColumnPath token = ColumnPath.of(g, general + "." + z.name());
          assertThat(token.masked()).as(t.name() + "." + z.name()).isTrue();
          assertThat(token.hops().get(1).via().description()).as(t.name() + "." + z.name()).startsWith("TOKENIZE");
          assertThat(token.sources()).extracting(Column::field).containsExactly(z.source().name());
        }
      }
    }
    // the page prints the path with its marks
    String organizations = DatasetNames.path(run.lake.partition(Lake.GENERAL, "organizations", LineageTestRun.DAY),
        false).name() + ".row_id";
    String html = LineageHtml.render(g, Optional.of(ColumnPath.of(g, organizations)), Optional.of(organizations));
    assertThat(html).contains("<b class=\"dropped\">DROPPED</b> (written to no zone): phone, last_modified")
        .contains("<b class=\"masked\">MASKED</b> TRANSFORMATION by nightly.split.organizations: TOKENIZE");
  }

  private static List<String> names(TableSpec t, Treatment treatment) {
    return t.columns().stream().filter(c -> c.treatment() == treatment).map(ColumnSpec::name).toList();
  }

  @Test
  void thePatientTokenIsTheTokenizedSourceId() {
    ColumnPath path = ColumnPath.of(graph, "snapshot.patient_profile.patient_token");
    assertThat(path.sources()).extracting(Column::field).containsExactly("id");
    assertThat(path.render()).contains("MASKED TRANSFORMATION by nightly.split.patients: TOKENIZE");
  }

  @Test
  void unknownDatasetsAndColumnsAreRefusedNamingWhatExists() {
    assertThatThrownBy(() -> ColumnPath.of(graph, "snapshot.patient_profile.ssn"))
        .isInstanceOf(PipelineConfigException.class).hasMessageContaining("has no column ssn")
        .hasMessageContaining("zip3");
    assertThatThrownBy(() -> ColumnPath.of(graph, "snapshot.nothing.x"))
        .isInstanceOf(PipelineConfigException.class).hasMessageContaining("no dataset snapshot.nothing");
  }

  @Test
  void theSummaryListsEachSnapshotColumnsSourcesAndTheRunOutcome() {
    String summary = LineageReport.summary(graph);
    assertThat(summary).contains("COMPLETE").contains("_manifests/dt=2026-11-20/run-20261121T020000Z-abcd.json");
    assertThat(summary).containsPattern("zip3\\s+MASKED\\s+<- ehr.public.patients \\(postgres\\).zip");
    assertThat(summary).containsPattern("age_band\\s+MASKED\\s+<- ehr.public.patients \\(postgres\\).birthdate");
  }

  @Test
  void thePageIsSelfContainedAndTellsProtectedFromGeneral() {
    String html = LineageHtml.render(graph, Optional.of(ColumnPath.of(graph, "snapshot.patient_profile.zip3")),
        Optional.of("snapshot.patient_profile.zip3"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("</svg>");
    assertThat(html).doesNotContain("<script src", "<link", "@import", "src=\"http", "href=\"http", "url(");
    assertThat(html).contains("class=\"ds protected").contains("class=\"ds general").contains("edge hot")
        .contains("<b class=\"dropped\">DROPPED</b> (written to no zone): last_modified");
    assertThat(html).contains("staging/ehr/patients/dt=2026-11-20").contains("snapshot.patient_profile");
  }

  @Test
  void aMissingDateOrRunSaysWhatToRun() {
    LineageGraph.Node any = graph.nodes().values().iterator().next();
    assertThat(any).isNotNull();
    assertThatThrownBy(() -> LineageGraph.read(new Configuration(),
        new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()), LineageTestRun.DAY.plusDays(1), Optional.empty()))
        .isInstanceOf(PipelineConfigException.class).hasMessageContaining("scripts/carelake nightly --date 2026-11-21");
    assertThatThrownBy(() -> LineageGraph.read(new Configuration(),
        new org.apache.hadoop.fs.Path(dir.resolve("lake").toUri()), LineageTestRun.DAY, Optional.of("nope")))
        .isInstanceOf(PipelineConfigException.class).hasMessageContaining("20261121T020000Z-abcd");
  }
}
