package org.carelake.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.split.crypto.LocalKeyStores;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;
import org.carelake.split.treatments.QuarantineReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One large bzip2 Avro staging file (the sample's observations repeated to 108,780 rows with
 * their own row ids) read in many small splits: exact counts, no row lost or repeated; and the
 * catalog's per-table quarantine threshold failing a table whose bad rows exceed it.
 */
class LargeStagingFileTest {
  static final int COPIES = 30;

  @TempDir
  static Path tmp;
  static DataCatalog catalog;
  static Configuration base;
  static org.apache.hadoop.fs.Path staged;
  static int rows;

  @BeforeAll
  static void stage() throws IOException {
    catalog = Staging.catalog();
    base = new Configuration();
    base.set("mapreduce.framework.name", "local");
    base.set("fs.defaultFS", "file:///");
    base.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    base.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        TokenKeys.createLocalKeyStore(new Configuration(false), tmp.resolve("keys/carelake.jceks")));
    CryptoConf.setKeyProviderPath(base, LocalKeyStores.createKmsKeyStore(new Configuration(false),
        tmp.resolve("keys/kms.jceks"), List.of(Zone.values())));
    SplitJobConf.setCatalogJson(base, catalog.text());
    SplitJobConf.setBusinessDate(base, java.time.LocalDate.of(2024, 6, 30));

    TableSpec spec = catalog.table("observations");
    Schema schema = Staging.schema(spec, false);
    List<Map<String, String>> sample = SyntheaSample.rows("observations");
    List<GenericRecord> records = new ArrayList<>(sample.size() * COPIES);
    long rowId = 1;
    for (int copy = 0; copy < COPIES; copy++) {
      for (Map<String, String> row : sample) {
        records.add(Staging.record(schema, spec, row, rowId++, "2024-06-30 02:00:00"));
      }
    }
    rows = records.size();
    Path file = tmp.resolve("lake/staging/ehr/observations/dt=2024-06-30/part-m-00000.avro");
    Staging.write(file, schema, records);
    staged = new org.apache.hadoop.fs.Path(file.getParent().toUri());
  }

  @Test
  void aLargeFileReadInManySplitsLosesAndRepeatsNoRow() throws Exception {
    Configuration conf = new Configuration(base);
    SplitJobConf.setTable(conf, "observations");
    SplitJobConf.setExpectedRows(conf, rows);
    long fileBytes = Files.size(tmp.resolve("lake/staging/ehr/observations/dt=2024-06-30/part-m-00000.avro"));
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 128 * 1024);
    SplitResult r = PhiSplitJob.run(conf, staged, new org.apache.hadoop.fs.Path(tmp.resolve("out/large").toUri()));

    assertThat(rows).isEqualTo(3626 * COPIES);
    assertThat(r.rowsRead()).isEqualTo(rows);
    assertThat(r.generalRows()).isEqualTo(rows);
    assertThat(r.limitedRows()).isEqualTo(rows);
    assertThat(r.quarantinedRows()).isZero();
    int splits = ParquetRows.files(conf, r.zoneDir(Zone.GENERAL)).size();
    assertThat(splits).as("splits of a %d-byte file", fileBytes).isGreaterThan(10);
    // every row id once: distinct record tokens = rows, in both de-identified zones
    for (Zone zone : List.of(Zone.GENERAL, Zone.LIMITED)) {
      long[] tokens = ZoneAudit.tokens(conf, r.zoneDir(zone), "row_id")[0];
      assertThat(tokens).hasSize(rows);
      Set<Long> distinct = new HashSet<>();
      for (long t : tokens) {
        distinct.add(t);
      }
      assertThat(distinct).as(zone + " distinct row tokens").hasSize(rows);
    }
  }

  @Test
  void aTableOverItsCatalogThresholdFailsTheRun() throws Exception {
    // conditions of the sample, 8% of them with a mistyped SNOMED code (derived from the real rows)
    TableSpec spec = catalog.table("conditions");
    assertThat(spec.maxQuarantineFraction()).contains(0.05);
    Schema schema = Staging.schema(spec, false);
    List<GenericRecord> records = new ArrayList<>();
    long rowId = 1;
    int bad = 0;
    for (Map<String, String> row : SyntheaSample.rows("conditions")) {
      Map<String, String> copy = new java.util.LinkedHashMap<>(row);
      if (rowId % 12 == 0) {
        String code = copy.get("code");
        copy.put("code", code.substring(0, code.length() - 1) + ((code.charAt(code.length() - 1) - '0' + 1) % 10));
        bad++;
      }
      records.add(Staging.record(schema, spec, copy, rowId++, "2024-06-30 02:00:00"));
    }
    Path file = tmp.resolve("lake/staging/ehr/conditions/dt=2024-06-30/part-m-00000.avro");
    Staging.write(file, schema, records);
    org.apache.hadoop.fs.Path input = new org.apache.hadoop.fs.Path(file.getParent().toUri());
    Configuration conf = new Configuration(base);
    SplitJobConf.setTable(conf, "conditions");
    int badRows = bad;
    assertThatThrownBy(() -> PhiSplitJob.run(conf, input, new org.apache.hadoop.fs.Path(tmp.resolve("out/c1").toUri())))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("'conditions'")
        .hasMessageContaining("quarantined " + badRows + " of " + records.size())
        .hasMessageContaining("threshold 0.05").hasMessageContaining("UNKNOWN_CODE=" + badRows);
    // an explicit per-run threshold overrides the catalog's
    SplitJobConf.setMaxQuarantineFraction(conf, 0.1);
    SplitResult r = PhiSplitJob.run(conf, input, new org.apache.hadoop.fs.Path(tmp.resolve("out/c2").toUri()));
    assertThat(r.quarantineByReason()).containsExactly(Map.entry(QuarantineReason.UNKNOWN_CODE, (long) badRows));
    assertThat(r.generalRows() + r.quarantinedRows()).isEqualTo(records.size());
  }
}
