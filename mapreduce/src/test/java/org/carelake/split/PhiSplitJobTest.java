package org.carelake.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.hadoop.util.ToolRunner;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.split.crypto.LocalKeyStores;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;
import org.carelake.split.treatments.QuarantineReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job in Hadoop's local runner on bzip2 Avro staging files made from the Synthea
 * sample, read back from the Parquet it writes.
 */
class PhiSplitJobTest {
  static final String DATE = "2024-06-30";
  static final String LAST_MODIFIED = "2024-06-30 02:00:00.123456";

  @TempDir
  static Path tmp;
  static DataCatalog catalog;
  static String key;
  static String otherKey;
  /** The Parquet master keys of every zone (a JCEKS key provider). */
  static String kms;
  static org.apache.hadoop.fs.Path observations;
  static int observationRows;

  @BeforeAll
  static void stage() throws IOException {
    catalog = Staging.catalog();
    key = TokenKeys.createLocalKeyStore(new Configuration(false), tmp.resolve("keys/carelake.jceks"));
    otherKey = TokenKeys.createLocalKeyStore(new Configuration(false), tmp.resolve("keys/other.jceks"));
    kms = LocalKeyStores.createKmsKeyStore(new Configuration(false), tmp.resolve("keys/kms.jceks"),
        List.of(Zone.values()));

    // observations.csv of the sample (3,626 rows) as H2 would stage it (upper-case names), plus bad rows
    TableSpec spec = catalog.table("observations");
    Schema schema = Staging.schema(spec, true);
    List<GenericRecord> records = new ArrayList<>();
    long rowId = 1000;
    for (Map<String, String> row : SyntheaSample.rows("observations")) {
      records.add(Staging.record(schema, spec, row, rowId++, LAST_MODIFIED));
    }
    Map<String, String> good = SyntheaSample.rows("observations").get(0);
    records.add(Staging.record(schema, spec, with(good, "date", "2014-13-45 10:00:00"), rowId++, LAST_MODIFIED));
    records.add(Staging.record(schema, spec, with(good, "patient", null), rowId++, LAST_MODIFIED));
    records.add(Staging.record(schema, spec, with(good, "code", null), rowId++, LAST_MODIFIED));
    observationRows = records.size();
    Path dir = tmp.resolve("lake/staging/ehr/observations/dt=" + DATE);
    Staging.write(dir.resolve("part-m-00000.avro"), schema, records);
    Files.createFile(dir.resolve("_SUCCESS"));
    observations = new org.apache.hadoop.fs.Path(dir.toUri());
  }

  static Map<String, String> with(Map<String, String> row, String column, String value) {
    Map<String, String> copy = new LinkedHashMap<>(row);
    copy.put(column, value);
    return copy;
  }

  static Configuration conf(String table, String provider) {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    // many small splits: every split starts at an Avro sync marker, none may lose or repeat a row
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 8 * 1024);
    SplitJobConf.setCatalogJson(conf, catalog.text());
    SplitJobConf.setTable(conf, table);
    SplitJobConf.setBusinessDate(conf, java.time.LocalDate.parse(DATE));
    if (provider != null) {
      conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
    }
    CryptoConf.setKeyProviderPath(conf, kms);
    CryptoConf.applyDefaults(conf);
    return conf;
  }

  static org.apache.hadoop.fs.Path out(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve("out").resolve(name).toUri());
  }

  static org.apache.hadoop.fs.Path stageSample(String table, boolean upperCase) throws IOException {
    TableSpec spec = catalog.table(table);
    Schema schema = Staging.schema(spec, upperCase);
    List<GenericRecord> records = new ArrayList<>();
    long rowId = 1;
    for (Map<String, String> row : SyntheaSample.rows(table)) {
      records.add(Staging.record(schema, spec, row, rowId++, LAST_MODIFIED));
    }
    Path file = tmp.resolve("lake/staging/" + spec.source() + "/" + table + "/dt=" + DATE + "/part-m-00000.avro");
    if (!Files.exists(file)) {
      Staging.write(file, schema, records);
    }
    return new org.apache.hadoop.fs.Path(file.getParent().toUri());
  }

  @Test
  void observationsSplitInManySplitsWithoutLosingOrRepeatingRows() throws Exception {
    Configuration conf = conf("observations", key);
    SplitJobConf.setExpectedRows(conf, observationRows);
    SplitResult r = PhiSplitJob.run(conf, observations, out("obs-1"));

    assertThat(r.rowsRead()).isEqualTo(observationRows);
    assertThat(r.quarantinedRows()).isEqualTo(3);
    assertThat(r.generalRows()).isEqualTo(observationRows - 3);
    assertThat(r.generalRows() + r.quarantinedRows()).isEqualTo(r.rowsRead());
    assertThat(r.restrictedRows()).isZero();
    assertThat(r.quarantineByReason()).containsOnly(Map.entry(QuarantineReason.UNPARSEABLE_TIMESTAMP, 1L),
        Map.entry(QuarantineReason.MISSING_REQUIRED, 2L));
    assertThat(r.jobId()).startsWith("job_local");

    assertThat(ParquetRows.files(conf, r.zoneDir(Zone.GENERAL))).as("one general file per non-empty split")
        .hasSizeGreaterThan(3).allMatch(p -> p.getName().matches("part-m-\\d{5}\\.parquet"));
    List<Map<String, Object>> general = ParquetRows.read(conf, r.zoneDir(Zone.GENERAL));
    assertThat(general).hasSize((int) r.generalRows());
    Set<Object> recordTokens = general.stream().map(g -> g.get("row_id")).collect(Collectors.toSet());
    assertThat(recordTokens).as("distinct record tokens").hasSize(general.size());
    assertThat(general.get(0).keySet()).containsExactly("row_id", "date", "patient", "encounter", "category", "code",
        "description", "value", "units", "type");

    // no patient id or encounter id appears in clear: only 64-hex tokens
    Set<String> ids = new HashSet<>();
    SyntheaSample.rows("observations").forEach(o -> {
      ids.add(o.get("patient"));
      ids.add(o.get("encounter"));
    });
    ids.remove(null);
    assertThat(general.stream().flatMap(g -> g.values().stream()).filter(ids::contains).count()).isZero();
    assertThat(general).extracting(g -> (String) g.get("patient")).allMatch(t -> t.matches("[0-9a-f]{64}"));
    assertThat(general.stream().map(g -> g.get("patient")).distinct().count()).isEqualTo(11);

    List<Map<String, Object>> quarantine = ParquetRows.read(conf, r.zoneDir(Zone.QUARANTINE));
    assertThat(quarantine).extracting(q -> q.get("reason") + ":" + q.get("column_name"))
        .containsExactlyInAnyOrder("UNPARSEABLE_TIMESTAMP:date", "MISSING_REQUIRED:patient", "MISSING_REQUIRED:code");
    assertThat(Files.exists(tmp.resolve("out/obs-1/restricted"))).isFalse(); // observations hold no identifiers
    assertThat(Files.exists(tmp.resolve("out/obs-1/_SUCCESS"))).isTrue();
    try (var left = Files.walk(tmp.resolve("hadoop-tmp"))) {
      assertThat(left.filter(Files::isRegularFile).toList()).as("job files left in hadoop.tmp.dir").isEmpty();
    }

    // determinism: the same key gives the same general rows
    SplitResult again = PhiSplitJob.run(conf("observations", key), observations, out("obs-2"));
    assertThat(sorted(ParquetRows.read(conf, again.zoneDir(Zone.GENERAL)))).isEqualTo(sorted(general));

    // another key gives other tokens (and other date shifts)
    SplitResult other = PhiSplitJob.run(conf("observations", otherKey), observations, out("obs-3"));
    List<Map<String, Object>> otherGeneral = ParquetRows.read(conf, other.zoneDir(Zone.GENERAL));
    assertThat(otherGeneral).hasSize(general.size());
    Set<Object> patients = general.stream().map(g -> g.get("patient")).collect(Collectors.toSet());
    assertThat(otherGeneral).noneMatch(g -> patients.contains(g.get("patient")));
    assertThat(otherGeneral).noneMatch(g -> recordTokens.contains(g.get("row_id")));
  }

  static List<String> sorted(List<Map<String, Object>> rows) {
    return rows.stream().map(Object::toString).sorted().toList();
  }

  @Test
  void noDirectIdentifierOfTheSampleReachesAGeneralFile() throws Exception {
    Set<String> phi = new HashSet<>();
    for (String table : List.of("patients", "devices", "payer_transitions")) {
      TableSpec spec = catalog.table(table);
      Configuration conf = conf(table, key);
      SplitResult r = PhiSplitJob.run(conf, stageSample(table, false), out("phi-" + table));
      int sampleRows = SyntheaSample.rows(table).size();
      assertThat(r.rowsRead()).isEqualTo(sampleRows);
      assertThat(r.generalRows()).isEqualTo(sampleRows);
      assertThat(r.restrictedRows()).isEqualTo(sampleRows);

      Set<String> identifiers = new HashSet<>();
      for (Map<String, String> row : SyntheaSample.rows(table)) {
        for (ColumnSpec c : spec.columns()) {
          String v = row.get(c.name());
          if (v != null && (c.treatment() == Treatment.RESTRICTED_ONLY
              || c.treatment() == Treatment.TOKENIZE && c.keptInRestricted())) {
            identifiers.add(v);
          }
        }
      }
      assertThat(identifiers).isNotEmpty();
      phi.addAll(identifiers);
      List<Map<String, Object>> general = ParquetRows.read(conf, r.zoneDir(Zone.GENERAL));
      assertThat(general).hasSize(sampleRows);
      for (Map<String, Object> g : general) {
        for (Object v : g.values()) {
          if (v instanceof String s) {
            assertThat(identifiers).noneMatch(id -> s.contains(id));
          }
        }
      }
      // the steward's copy holds them, keyed by the patient token
      List<Map<String, Object>> restricted = ParquetRows.read(conf, r.zoneDir(Zone.RESTRICTED));
      Set<Object> restrictedValues = restricted.stream().flatMap(m -> m.values().stream())
          .filter(Objects::nonNull).map(Object::toString).collect(Collectors.toSet());
      assertThat(restrictedValues).containsAll(identifiers.stream().filter(v -> !isNumber(v)).toList());
      assertThat(restricted).extracting(m -> m.get("patient_token"))
          .allMatch(t -> general.stream().anyMatch(g -> t.equals(g.get(spec.patient().orElseThrow()))));
    }
    assertThat(phi).contains("999-33-2827", "Temika453", "676 Kirlin Village Suite 22",
        "(01)24198325591992(11)900224(17)150311(10)6572594428356(21)8197");
  }

  static boolean isNumber(String v) {
    return v.matches("-?[0-9.]+"); // lat/lon come back as doubles, not their CSV text
  }

  @Test
  void parquetTypesAreTheOnesHiveReads() throws Exception {
    Configuration conf = conf("patients", key);
    SplitResult r = PhiSplitJob.run(conf, stageSample("patients", true), out("types-patients"));
    MessageType general = ParquetRows.schema(conf, ParquetRows.files(conf, r.zoneDir(Zone.GENERAL)).get(0));
    assertThat(general.getType("id").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.BINARY);
    assertThat(general.getType("id").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.stringType());
    assertThat(general.getType("birthdate_year").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT32);
    assertThat(general.getType("income").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    assertThat(general.getType("healthcare_expenses").asPrimitiveType().getPrimitiveTypeName())
        .isEqualTo(PrimitiveTypeName.INT64);
    assertThat(general.getType("healthcare_expenses").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.decimalType(2, 14));
    assertThat(general.getFields()).extracting(t -> t.getName())
        .containsExactlyElementsOf(catalog.table("patients").generalColumns().stream().map(z -> z.name()).toList());
    MessageType restricted = ParquetRows.schema(conf, ParquetRows.files(conf, r.zoneDir(Zone.RESTRICTED)).get(0));
    assertThat(restricted.getType("birthdate").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
    assertThat(restricted.getType("lat").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.DOUBLE);
    Map<String, Object> first = ParquetRows.read(conf, r.zoneDir(Zone.RESTRICTED)).stream()
        .filter(m -> "999-33-2827".equals(m.get("ssn"))).findFirst().orElseThrow();
    assertThat(first.get("birthdate")).isEqualTo((int) java.time.LocalDate.of(2011, 3, 18).toEpochDay());
    Map<String, Object> generalRow = ParquetRows.read(conf, r.zoneDir(Zone.GENERAL)).stream()
        .filter(m -> m.get("id").equals(first.get("patient_token"))).findFirst().orElseThrow();
    assertThat(generalRow).containsEntry("healthcare_expenses", 250000L).containsEntry("zip3", "020")
        .containsEntry("birthdate_year", 2011);

    Configuration eConf = conf("encounters", key);
    SplitResult e = PhiSplitJob.run(eConf, stageSample("encounters", false), out("types-encounters"));
    MessageType enc = ParquetRows.schema(eConf, ParquetRows.files(eConf, e.zoneDir(Zone.GENERAL)).get(0));
    assertThat(enc.getType("start").asPrimitiveType().getPrimitiveTypeName()).isEqualTo(PrimitiveTypeName.INT64);
    assertThat(enc.getType("start").getLogicalTypeAnnotation())
        .isEqualTo(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
    assertThat(e.restrictedRows()).isZero();
  }

  @Test
  void missingKeyFailsClearlyAndWritesNothing() {
    org.apache.hadoop.fs.Path output = out("no-key");
    String emptyStore = TokenKeys.providerUri(tmp.resolve("keys/absent.jceks"));
    assertThatThrownBy(() -> PhiSplitJob.run(conf("observations", emptyStore), observations, output))
        .isInstanceOf(SplitJobException.class)
        .hasMessageContaining("carelake.token.key").hasMessageContaining(emptyStore)
        .hasMessageContaining("hadoop credential create");
    assertThatThrownBy(() -> PhiSplitJob.run(conf("observations", null), observations, output))
        .isInstanceOf(SplitJobException.class)
        .hasMessageContaining(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH);
    assertThat(Files.exists(tmp.resolve("out/no-key"))).isFalse();
  }

  @Test
  void unclassifiedOrMissingStagingColumnFailsBeforeAnythingIsWritten() throws IOException {
    TableSpec spec = catalog.table("devices");
    Schema base = Staging.schema(spec, false);
    List<Schema.Field> extra = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      extra.add(new Schema.Field(f, f.schema()));
    }
    extra.add(new Schema.Field("serial_number", Schema.createUnion(Schema.create(Schema.Type.NULL),
        Schema.create(Schema.Type.STRING)), null, Schema.Field.NULL_DEFAULT_VALUE));
    Schema withExtra = Schema.createRecord("devices", null, null, false, extra);
    Path dir = tmp.resolve("lake/staging/ehr/devices-extra/dt=" + DATE);
    Staging.write(dir.resolve("part-m-00000.avro"), withExtra, List.of());
    assertThatThrownBy(() -> PhiSplitJob.run(conf("devices", key), new org.apache.hadoop.fs.Path(dir.toUri()),
        out("extra"))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining("'devices'").hasMessageContaining("'serial_number'")
        .hasMessageContaining("classify it in catalog/data-classification.json");
    assertThat(Files.exists(tmp.resolve("out/extra"))).isFalse();

    List<Schema.Field> fewer = new ArrayList<>();
    for (Schema.Field f : base.getFields()) {
      if (!f.name().equals("udi")) {
        fewer.add(new Schema.Field(f, f.schema()));
      }
    }
    Path dir2 = tmp.resolve("lake/staging/ehr/devices-fewer/dt=" + DATE);
    Staging.write(dir2.resolve("part-m-00000.avro"), Schema.createRecord("devices", null, null, false, fewer), List.of());
    assertThatThrownBy(() -> PhiSplitJob.run(conf("devices", key), new org.apache.hadoop.fs.Path(dir2.toUri()),
        out("fewer"))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining("devices.udi").hasMessageContaining("missing");
    assertThat(Files.exists(tmp.resolve("out/fewer"))).isFalse();
  }

  @Test
  void emptyPartitionSucceedsWithEmptyZones() throws Exception {
    TableSpec spec = catalog.table("devices");
    Path dir = tmp.resolve("lake/staging/ehr/devices-empty/dt=" + DATE);
    Staging.write(dir.resolve("part-m-00000.avro"), Staging.schema(spec, false), List.of());
    Files.createFile(dir.resolve("_SUCCESS"));
    SplitResult r = PhiSplitJob.run(conf("devices", key), new org.apache.hadoop.fs.Path(dir.toUri()), out("empty"));
    assertThat(r.rowsRead()).isZero();
    assertThat(r.generalRows() + r.restrictedRows() + r.quarantinedRows()).isZero();
    for (String zone : List.of("general", "restricted", "quarantine")) {
      assertThat(tmp.resolve("out/empty").resolve(zone)).isDirectory();
    }
  }

  @Test
  void aCorruptStagingFileFailsTheJobAndPublishesNoRows() throws Exception {
    byte[] bytes = Files.readAllBytes(Path.of(observations.toUri()).resolve("part-m-00000.avro"));
    java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 64, (byte) 0x5a); // damage one block
    Path dir = tmp.resolve("lake/staging/ehr/observations-corrupt/dt=" + DATE);
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-m-00000.avro"), bytes);
    assertThatThrownBy(() -> PhiSplitJob.run(conf("observations", key), new org.apache.hadoop.fs.Path(dir.toUri()),
        out("corrupt"))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining("'observations'").hasMessageContaining("failed");
    assertThat(tmp.resolve("out/corrupt")).as("a failed split leaves no output behind").doesNotExist();
  }

  @Test
  void aTruncatedStagingFileIsCaughtByTheImportedRowCount() throws Exception {
    // Avro stops silently at a truncated last block: only the import's own count can tell
    byte[] bytes = Files.readAllBytes(Path.of(observations.toUri()).resolve("part-m-00000.avro"));
    Path dir = tmp.resolve("lake/staging/ehr/observations-truncated/dt=" + DATE);
    Files.createDirectories(dir);
    Files.write(dir.resolve("part-m-00000.avro"), java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Configuration conf = conf("observations", key);
    SplitJobConf.setExpectedRows(conf, observationRows);
    assertThatThrownBy(() -> PhiSplitJob.run(conf, new org.apache.hadoop.fs.Path(dir.toUri()), out("truncated")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("'observations'")
        .hasMessageContaining("the import wrote " + observationRows);
  }

  @Test
  void commandLineRunsTheSameJob() throws Exception {
    Path catalogFile = Path.of(System.getProperty("carelake.home"), DataCatalog.DEFAULT_RELATIVE_PATH);
    org.apache.hadoop.fs.Path input = stageSample("devices", false);
    Configuration conf = conf("devices", key);
    conf.unset(SplitJobConf.CATALOG_JSON);
    conf.unset(SplitJobConf.TABLE);
    conf.unset(SplitJobConf.BUSINESS_DATE);
    String[] args = {"--catalog", catalogFile.toString(), "--table", "devices", "--date", DATE, input.toString(),
        out("cli").toString()};
    assertThat(ToolRunner.run(conf, new PhiSplitJob(), args)).isZero();
    assertThat(ParquetRows.read(conf, new org.apache.hadoop.fs.Path(out("cli"), "restricted")))
        .hasSize(SyntheaSample.rows("devices").size());
    assertThat(ToolRunner.run(conf, new PhiSplitJob(), new String[] {"--table", "devices"})).isEqualTo(2);
    args[args.length - 1] = out("cli-no-key").toString();
    assertThat(ToolRunner.run(conf("devices", null), new PhiSplitJob(), args)).isEqualTo(1);
    assertThat(Files.exists(tmp.resolve("out/cli-no-key"))).isFalse();
  }

  /**
   * The command line as the Oozie workflow's split-T runs it: no --max-quarantine, so each table's
   * threshold is the catalog's "max_quarantine_fraction" (3 of 3,629 rows is 0.08%).
   */
  @Test
  void withoutAnOverrideTheCatalogsThresholdOfTheTableDecides() throws Exception {
    Configuration conf = conf("observations", key);
    conf.unset(SplitJobConf.CATALOG_JSON);
    conf.unset(SplitJobConf.TABLE);
    conf.unset(SplitJobConf.BUSINESS_DATE);
    Path catalogFile = Path.of(System.getProperty("carelake.home"), DataCatalog.DEFAULT_RELATIVE_PATH);
    assertThat(catalog.table("observations").maxQuarantineFraction()).contains(0.05);
    String[] args = {"--catalog", catalogFile.toString(), "--table", "observations", "--date", DATE,
        observations.toString(), out("catalog-threshold").toString()};
    assertThat(ToolRunner.run(conf, new PhiSplitJob(), args)).isZero();

    ObjectNode strict = (ObjectNode) new ObjectMapper().readTree(catalog.text());
    for (JsonNode t : strict.path("tables")) {
      if (t.path("name").asText().equals("observations")) {
        ((ObjectNode) t).put("max_quarantine_fraction", 0.0005);
      }
    }
    Path strictFile = Files.writeString(tmp.resolve("strict-catalog.json"), strict.toString());
    args[1] = strictFile.toString();
    args[args.length - 1] = out("catalog-threshold-strict").toString();
    // the same rows fail under the table's stricter catalog threshold (split-T fails: publish-T never runs)
    assertThat(ToolRunner.run(conf, new PhiSplitJob(), args)).isEqualTo(1);
  }

  @Test
  void tooManyQuarantinedRowsFailTheRunAndExistingOutputIsRefused() throws Exception {
    Configuration strict = conf("observations", key);
    SplitJobConf.setMaxQuarantineFraction(strict, 0.0005); // 3 of 3,629 is 0.08%
    assertThatThrownBy(() -> PhiSplitJob.run(strict, observations, out("strict")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("'observations'")
        .hasMessageContaining("quarantined 3 of " + observationRows)
        .hasMessageContaining("MISSING_REQUIRED=2");

    Files.createDirectories(tmp.resolve("out/exists"));
    assertThatThrownBy(() -> PhiSplitJob.run(conf("observations", key), observations, out("exists")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("already exists");
  }

}
