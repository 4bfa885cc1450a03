package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.pipeline.config.PipelineConfigException;
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
    assertThat(html).contains("class=\"ds protected").contains("class=\"ds general").contains("edge hot");
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
