package org.carelake.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.SplitJobConf;
import org.junit.jupiter.api.Test;

/**
 * Which quarantine threshold the pipeline gives the split job of a table (docs/SAFE_HARBOR.md,
 * "Quarantine"): carelake.split.quarantine.threshold.&lt;table&gt;, else the catalog's
 * max_quarantine_fraction, else carelake.split.quarantine.threshold, else 1.0. The job reads it
 * from its own key, carelake.split.quarantine.max.fraction, which beats the catalog there too.
 */
class QuarantineThresholdTest {
  static final Path HOME = Path.of(System.getProperty("carelake.home"));
  static final DataCatalog CATALOG = DataCatalog.load(HOME.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));

  /** The threshold the split job of {@code table} applies when the pipeline hands it the one {@code conf} resolves. */
  static double jobThreshold(Configuration conf, DataCatalog catalog, TableSpec table) {
    Configuration job = new Configuration(false);
    SplitJobConf.setCatalogJson(job, catalog.text());
    SplitJobConf.setTable(job, table.name());
    SplitJobConf.setMaxQuarantineFraction(job, PipelineConf.getQuarantineThreshold(conf, table));
    return SplitJobConf.getMaxQuarantineFraction(job);
  }

  @Test
  void thePerTableOverrideReplacesTheCatalogThresholdOfThatTableOnly() {
    TableSpec observations = CATALOG.table("observations");
    TableSpec encounters = CATALOG.table("encounters");
    assertThat(observations.maxQuarantineFraction()).contains(0.05);
    Configuration conf = new Configuration(false);
    assertThat(jobThreshold(conf, CATALOG, observations)).isEqualTo(0.05);

    conf.set("carelake.split.quarantine.threshold.observations", "0.25");
    assertThat(jobThreshold(conf, CATALOG, observations)).isEqualTo(0.25);
    assertThat(jobThreshold(conf, CATALOG, encounters)).as("another table keeps its catalog threshold")
        .isEqualTo(0.05);
  }

  @Test
  void theGlobalKeyAppliesOnlyToTablesWithoutACatalogThreshold() throws Exception {
    ObjectNode json = (ObjectNode) new ObjectMapper().readTree(CATALOG.text());
    json.get("tables").forEach(t -> {
      if (t.get("name").asText().equals("devices")) {
        ((ObjectNode) t).remove("max_quarantine_fraction");
      }
    });
    DataCatalog withoutOne = DataCatalog.parse(json.toString(), "test catalog");
    Configuration conf = new Configuration(false);
    assertThat(jobThreshold(conf, withoutOne, withoutOne.table("devices"))).as("neither: never fail").isEqualTo(1.0);

    conf.set(PipelineConf.QUARANTINE_THRESHOLD, "0.2");
    assertThat(jobThreshold(conf, withoutOne, withoutOne.table("devices"))).isEqualTo(0.2);
    assertThat(jobThreshold(conf, withoutOne, withoutOne.table("patients"))).as("the catalog's 0.05 wins")
        .isEqualTo(0.05);

    conf.set(PipelineConf.QUARANTINE_THRESHOLD + ".devices", "0.01");
    assertThat(jobThreshold(conf, withoutOne, withoutOne.table("devices"))).isEqualTo(0.01);
  }

  @Test
  void anOverrideOutsideZeroToOneIsRefusedNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.set("carelake.split.quarantine.threshold.claims", "5%");
    assertThatThrownBy(() -> PipelineConf.getQuarantineThreshold(conf, CATALOG.table("claims")))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining("'5%'").hasMessageContaining("carelake.split.quarantine.threshold.claims")
        .hasMessageContaining("from 0.0 to 1.0");
  }
}
