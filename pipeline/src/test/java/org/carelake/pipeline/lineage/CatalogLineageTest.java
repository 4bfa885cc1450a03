package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.LineageFacets.ColumnInput;
import org.carelake.split.output.Zone;
import org.junit.jupiter.api.Test;

/** The split's column lineage follows the catalog: every general column masked as its treatment says. */
class CatalogLineageTest {
  private final DataCatalog catalog = DataCatalog.load(java.nio.file.Path.of(System.getProperty("carelake.home"))
      .resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  private final Dataset staged = DatasetNames.path(new Path("file:///lake/staging/ehr/t/dt=2026-11-20"), true);
  private final Dataset general = DatasetNames.path(new Path("file:///lake/general/t/dt=2026-11-20"), false);
  private final Dataset restricted = DatasetNames.path(new Path("file:///lake/restricted/t/dt=2026-11-20"), true);
  private final Dataset quarantine = DatasetNames.path(new Path("file:///lake/quarantine/t/dt=2026-11-20"), true);
  private final Dataset limited = DatasetNames.path(new Path("file:///lake/limited/t/dt=2026-11-20"), true);

  /** The split's facets, into the zones the real split writes for {@code t} under the real catalog. */
  private LineageFacets facets(TableSpec t) {
    Map<Zone, Dataset> zones = new EnumMap<>(Zone.class);
    zones.put(Zone.GENERAL, general);
    zones.put(Zone.QUARANTINE, quarantine);
    if (Zone.LIMITED.appliesTo(catalog, t)) {
      zones.put(Zone.LIMITED, limited);
    }
    if (t.hasRestrictedZone()) {
      zones.put(Zone.RESTRICTED, restricted);
    }
    LineageFacets.Builder b = LineageFacets.builder();
    CatalogLineage.split(b, catalog, t, staged, zones);
    return b.build();
  }

  private Map<String, List<ColumnInput>> split(TableSpec t, Dataset out) {
    return facets(t).columnLineage().get(out);
  }

  @Test
  void everyGeneralColumnOfEveryTableHasItsSourceColumnAndOnlyKeepIsUnmasked() {
    for (TableSpec t : catalog.tables()) {
      Map<String, List<ColumnInput>> g = split(t, general);
      assertThat(g.keySet()).as(t.name()).containsExactlyElementsOf(
          t.generalColumns().stream().map(z -> z.name()).toList());
      t.generalColumns().forEach(z -> {
        ColumnInput direct = g.get(z.name()).get(0);
        assertThat(direct.field()).isEqualTo(z.source().name());
        assertThat(direct.transformation().masking()).as(t.name() + "." + z.name())
            .isEqualTo(z.source().treatment() != org.carelake.catalog.Treatment.KEEP || z.source().suppressWhen().isPresent());
      });
    }
  }

  @Test
  void identifiersReachOnlyTheRestrictedZoneAndSuppressedValuesNameTheirCondition() {
    TableSpec patients = catalog.table("patients");
    assertThat(split(patients, general)).doesNotContainKeys("ssn", "first", "last", "address", "zip", "birthdate")
        .containsKeys("zip3", "birthdate_year", "id");
    assertThat(split(patients, general).get("zip3").get(0).transformation().description()).startsWith("ZIP3");
    Map<String, List<ColumnInput>> r = split(patients, restricted);
    assertThat(r.get("ssn").get(0).transformation().subtype()).isEqualTo("IDENTITY");
    assertThat(r.get("patient_token").get(0).field()).isEqualTo("id");
    assertThat(r.get("patient_token").get(0).transformation().masking()).isTrue();

    Map<String, List<ColumnInput>> obs = split(catalog.table("observations"), general);
    assertThat(obs.get("value")).hasSize(2);
    assertThat(obs.get("value").get(1).field()).isEqualTo("code");
    assertThat(obs.get("value").get(1).transformation().type()).isEqualTo("INDIRECT");
    assertThat(obs.get("value").get(1).transformation().description()).contains("56799-0");
    assertThat(split(catalog.table("observations"), quarantine).get("source_record"))
        .hasSize(catalog.table("observations").columns().size());
  }

  @Test
  void theLimitedDataSetKeepsRealDatesUnmaskedButTokensAndZip3Masked() {
    assertThat(catalog.target(DataCatalog.LIMITED_TARGET)).as("the catalog has a limited target").isPresent();
    TableSpec patients = catalog.table("patients");
    Map<String, List<ColumnInput>> lds = split(patients, limited);
    assertThat(lds).containsKeys("birthdate", "zip3", "id").doesNotContainKeys("ssn", "first", "birthdate_year",
        "last_modified");
    assertThat(lds.get("birthdate").get(0).transformation().masking()).isFalse();
    assertThat(lds.get("birthdate").get(0).transformation().description()).contains("kept as it is");
    assertThat(lds.get("zip3").get(0).transformation().masking()).isTrue();
    assertThat(lds.get("id").get(0).transformation().description()).startsWith("TOKENIZE");
    Map<String, List<ColumnInput>> encounters = split(catalog.table("encounters"), limited);
    assertThat(encounters.get("start").get(0).transformation().masking()).isFalse();
    assertThat(split(catalog.table("encounters"), general).get("start").get(0).transformation().description())
        .startsWith("DATE_SHIFT");
  }

  @Test
  void eachZoneIsNamedSoTheQuarantineIsNotTakenForAZoneThatKeepsColumns() {
    LineageFacets f = facets(catalog.table("patients"));
    assertThat(f.zones()).containsEntry(general, "general").containsEntry(limited, "limited")
        .containsEntry(restricted, "restricted").containsEntry(quarantine, "quarantine");
    assertThat(LineageHtml.shortName(new LineageGraph.Node(limited.namespace(), limited.name(), true, "limited")))
        .isEqualTo("limited/t/dt=2026-11-20");
  }

  @Test
  void aSplitWithoutItsQuarantineIsRefusedNamingTheMissingZone() {
    assertThatThrownBy(() -> CatalogLineage.split(LineageFacets.builder(), catalog, catalog.table("patients"), staged,
        Map.of(Zone.GENERAL, general))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no quarantine zone");
  }
}
