package org.carelake.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.hadoop.io.AvroSerialization;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;
import org.carelake.split.output.ZoneRow;
import org.carelake.split.treatments.QuarantineReason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mapper under MRUnit, one treatment at a time, on records of the Synthea sample (11 real-shaped
 * patients). The key comes from a real JCEKS credential store.
 */
class PhiSplitMapperTest {
  static final LocalDate BUSINESS_DATE = LocalDate.of(2024, 6, 30);
  static final String LAST_MODIFIED = "2024-06-30 02:00:00.123456";
  // patients of the sample
  static final String TEMIKA = "b37f7960-7e9e-f3f7-f891-79ae4f632406"; // ZIP 02081, born 2011
  static final String CHRISTEEN = "edcd074e-b20a-2826-ff28-4677579314b1"; // ZIP 00000
  static final String JENNIE = "4237be97-a13d-18b8-6e01-df3ee076675f"; // has devices

  @TempDir
  static Path keys;
  static String provider;
  static DataCatalog catalog;

  @BeforeAll
  static synchronized void keyStore() throws IOException {
    if (provider != null) {
      return;
    }
    Path dir = keys;
    if (dir == null) { // another test class's static set-up: a key store of its own, removed when the JVM exits
      dir = java.nio.file.Files.createTempDirectory("carelake-mapper-keys");
      dir.toFile().deleteOnExit();
      dir.resolve("carelake-keys.jceks").toFile().deleteOnExit();
      dir.resolve(".carelake-keys.jceks.crc").toFile().deleteOnExit();
    }
    provider = TokenKeys.createLocalKeyStore(new Configuration(false), dir.resolve("carelake-keys.jceks"));
    catalog = Staging.catalog();
  }

  /** Runs the mapper over the records; returns its outputs and keeps the driver for counters. */
  static final class Run {
    final TableSpec table;
    final MapDriver<AvroKey<GenericRecord>, NullWritable, NullWritable, ZoneRow> driver;
    final List<ZoneRow> rows = new ArrayList<>();

    final DataCatalog runCatalog;

    Run(String tableName, List<GenericRecord> records) throws IOException {
      this(catalog, tableName, records);
    }

    Run(DataCatalog runCatalog, String tableName, List<GenericRecord> records) throws IOException {
      this(runCatalog, tableName, records, conf -> { });
    }

    Run(DataCatalog runCatalog, String tableName, List<GenericRecord> records,
        java.util.function.Consumer<Configuration> settings) throws IOException {
      this.runCatalog = runCatalog;
      table = runCatalog.table(tableName);
      driver = MapDriver.newMapDriver(new PhiSplitMapper());
      Configuration conf = driver.getConfiguration();
      SplitJobConf.setCatalogJson(conf, runCatalog.text());
      SplitJobConf.setTable(conf, tableName);
      SplitJobConf.setBusinessDate(conf, BUSINESS_DATE);
      conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, provider);
      // MRUnit copies inputs through Hadoop serialization: teach it Avro keys
      AvroSerialization.addToConfiguration(conf);
      AvroSerialization.setKeyWriterSchema(conf, records.get(0).getSchema());
      AvroSerialization.setKeyReaderSchema(conf, records.get(0).getSchema());
      AvroSerialization.setDataModelClass(conf, GenericData.class);
      settings.accept(conf);
      for (GenericRecord r : records) {
        driver.withInput(new AvroKey<>(r), NullWritable.get());
      }
      for (Pair<NullWritable, ZoneRow> out : driver.run()) {
        rows.add(out.getSecond());
      }
    }

    List<Map<String, Object>> zone(Zone zone) {
      return rows.stream().filter(r -> r.zone() == zone).map(r -> r.asMap(zone.columns(runCatalog, table))).toList();
    }

    Map<String, Object> only(Zone zone) {
      assertThat(zone(zone)).hasSize(1);
      return zone(zone).get(0);
    }

    long counter(Enum<?> counter) {
      return driver.getCounters().findCounter(counter).getValue();
    }
  }

  static GenericRecord record(String table, Map<String, String> csv, long rowId) {
    TableSpec spec = catalog.table(table);
    return Staging.record(Staging.schema(spec, false), spec, csv, rowId, LAST_MODIFIED);
  }

  static Map<String, String> patient(String id) {
    return SyntheaSample.first("patients", r -> r.get("id").equals(id));
  }

  @Test
  void zip00000BecomesZip3000AndTheOriginalStaysRestricted() throws IOException {
    Map<String, String> christeen = patient(CHRISTEEN);
    assertThat(christeen.get("zip")).isEqualTo("00000");
    Run run = new Run("patients", List.of(record("patients", christeen, 8)));
    assertThat(run.only(Zone.GENERAL)).containsEntry("zip3", "000").doesNotContainKey("zip");
    assertThat(run.only(Zone.RESTRICTED)).containsEntry("zip", "00000");
  }

  @Test
  void nineDigitZipKeepsItsFirstThreeDigits() throws IOException {
    Map<String, String> plus4 = patient(TEMIKA);
    plus4.put("zip", plus4.get("zip") + "-4701"); // the sample's 02081 as ZIP+4
    Map<String, String> nine = patient(TEMIKA);
    nine.put("zip", nine.get("zip") + "4701");
    Run run = new Run("patients", List.of(record("patients", plus4, 1), record("patients", nine, 2)));
    assertThat(run.zone(Zone.GENERAL)).extracting(r -> r.get("zip3")).containsExactly("020", "020");
    assertThat(run.zone(Zone.RESTRICTED)).extracting(r -> r.get("zip")).containsExactly("02081-4701", "020814701");
  }

  @Test
  void restrictedZip3AreaBecomes000() throws IOException {
    assertThat(catalog.restrictedZip3()).contains("036");
    Map<String, String> moved = patient(TEMIKA);
    moved.put("zip", "03601"); // Walpole, NH: a ZIP3 area of 20,000 people or fewer
    Run run = new Run("patients", List.of(record("patients", moved, 1)));
    assertThat(run.only(Zone.GENERAL)).containsEntry("zip3", "000");
    assertThat(run.only(Zone.RESTRICTED)).containsEntry("zip", "03601");
  }

  @Test
  void birthYearKeptUnder90AndBucketedOver89() throws IOException {
    Map<String, String> born1936 = patient(TEMIKA);
    born1936.put("birthdate", "1936-03-18"); // 88 on the business date
    Map<String, String> born1931 = patient(CHRISTEEN);
    born1931.put("birthdate", "1931-09-14"); // 92 on the business date
    Map<String, String> born2011 = patient(JENNIE);
    Run run = new Run("patients", List.of(record("patients", born1936, 1), record("patients", born1931, 2),
        record("patients", born2011, 3)));
    List<Map<String, Object>> general = run.zone(Zone.GENERAL);
    assertThat(general).extracting(r -> r.get("birthdate_year")).containsExactly(1936, 2024 - 90, 1973);
    assertThat(general.get(0)).doesNotContainKey("birthdate").containsEntry("deathdate_year", null);
    // the steward still has the full dates
    assertThat(run.zone(Zone.RESTRICTED)).extracting(r -> r.get("birthdate"))
        .containsExactly(LocalDate.of(1936, 3, 18), LocalDate.of(1931, 9, 14), LocalDate.of(1973, 12, 30));
  }

  @Test
  void directIdentifiersReachOnlyTheRestrictedRow() throws IOException {
    Map<String, String> p = patient(TEMIKA);
    Run run = new Run("patients", List.of(record("patients", p, 1)));
    Map<String, Object> general = run.only(Zone.GENERAL);
    Map<String, Object> restricted = run.only(Zone.RESTRICTED);
    for (String identifier : List.of("ssn", "first", "last", "address", "city", "county", "birthplace")) {
      assertThat(general).doesNotContainKey(identifier);
      assertThat(general.values()).doesNotContain(p.get(identifier));
      assertThat(restricted).containsEntry(identifier, p.get(identifier));
    }
    assertThat(general).containsEntry("gender", "F").containsEntry("state", "Massachusetts")
        .containsEntry("healthcare_expenses", new BigDecimal("2500.00")).containsEntry("income", 17807L)
        .doesNotContainKey("lat").doesNotContainKey("last_modified");
    assertThat(restricted).containsEntry("lat", Double.parseDouble(p.get("lat"))).containsEntry("id", TEMIKA);
    // the patients table's key is the patient id: its record token is the patient token
    assertThat(restricted.get("patient_token")).isEqualTo(general.get("id")).isEqualTo(restricted.get("record_token"));
    assertThat((String) general.get("id")).matches("[0-9a-f]{64}");
    assertThat(run.counter(SplitCounter.GENERAL_ROWS)).isEqualTo(1);
    assertThat(run.counter(SplitCounter.RESTRICTED_ROWS)).isEqualTo(1);
  }

  @Test
  void deviceUdiOnlyInTheRestrictedRow() throws IOException {
    Map<String, String> device = SyntheaSample.first("devices", r -> r.get("patient").equals(JENNIE));
    String udi = device.get("udi");
    assertThat(udi).startsWith("(01)");
    Run run = new Run("devices", List.of(record("devices", device, 41)));
    Map<String, Object> general = run.only(Zone.GENERAL);
    assertThat(general).doesNotContainKey("udi").containsEntry("code", device.get("code"));
    assertThat(general.values()).noneMatch(v -> v instanceof String s && s.contains(udi));
    Map<String, Object> restricted = run.only(Zone.RESTRICTED);
    assertThat(restricted).containsEntry("udi", udi);
    assertThat(restricted.keySet()).containsExactly("patient_token", "record_token", "patient", "udi");
    assertThat(restricted.get("patient_token")).isEqualTo(general.get("patient"));
    // the key is row_id (TOKENIZE row.devices): the record token is the general row_id token
    assertThat(restricted.get("record_token")).isEqualTo(general.get("row_id"));
  }

  @Test
  void surveyAnswerHoldingTheStreetAddressIsSuppressedButOtherAnswersAreKept() throws IOException {
    // The PRAPARE survey asks for the address (LOINC 56799-0): its answer is the street address.
    Map<String, String> address = SyntheaSample.first("observations", r -> r.get("code").equals("56799-0"));
    Map<String, String> smoking = SyntheaSample.first("observations", r -> r.get("code").equals("72166-2"));
    assertThat(address.get("value")).isEqualTo(SyntheaSample.first("patients",
        r -> r.get("id").equals(address.get("patient"))).get("address"));
    Run run = new Run("observations", List.of(record("observations", address, 1), record("observations", smoking, 2)));
    List<Map<String, Object>> general = run.zone(Zone.GENERAL);
    assertThat(general).hasSize(2);
    assertThat(general.get(0)).containsEntry("code", "56799-0").containsEntry("value", null);
    assertThat(general.get(0).values()).doesNotContain(address.get("value"));
    assertThat(general.get(1)).containsEntry("code", "72166-2").containsEntry("value", smoking.get("value"));
  }

  @Test
  void snomedCodesAndDescriptionsAreKept() throws IOException {
    Map<String, String> condition = SyntheaSample.first("conditions", r -> r.get("code").equals("195662009"));
    Run run = new Run("conditions", List.of(record("conditions", condition, 5)));
    assertThat(run.only(Zone.GENERAL)).containsEntry("code", "195662009")
        .containsEntry("description", "Acute viral pharyngitis (disorder)");
    assertThat(run.zone(Zone.RESTRICTED)).isEmpty(); // conditions hold no identifiers
  }

  @Test
  void patientTokenIsTheSameInEveryTableAndDomainsDoNotLink() throws IOException {
    Run patients = new Run("patients", List.of(record("patients", patient(TEMIKA), 1)));
    Run encounters = new Run("encounters",
        List.of(record("encounters", SyntheaSample.first("encounters", r -> r.get("patient").equals(TEMIKA)), 1)));
    Map<String, String> tx = SyntheaSample.first("claims_transactions",
        r -> r.get("patientid").equals(TEMIKA) && TEMIKA.equals(r.get("patientinsuranceid")));
    Run transactions = new Run("claims_transactions", List.of(record("claims_transactions", tx, 1)));

    String patientToken = (String) patients.only(Zone.GENERAL).get("id");
    assertThat(encounters.only(Zone.GENERAL).get("patient")).isEqualTo(patientToken);
    Map<String, Object> txGeneral = transactions.only(Zone.GENERAL);
    assertThat(txGeneral.get("patientid")).isEqualTo(patientToken);
    // the same text as a member id (domain "member") gets an unrelated token
    assertThat(txGeneral.get("patientinsuranceid")).isNotNull().isNotEqualTo(patientToken);
    assertThat(transactions.only(Zone.RESTRICTED)).containsEntry("patient_token", patientToken)
        .containsEntry("patientinsuranceid", TEMIKA);
  }

  @Test
  void dateShiftIsOnePerPatientAcrossTablesAndKeepsIntervals() throws IOException {
    Map<String, String> encounter = SyntheaSample.first("encounters",
        r -> r.get("id").equals("47afd8bf-98df-7e85-832a-3da2a89cc222"));
    Map<String, String> condition = SyntheaSample.first("conditions",
        r -> "47afd8bf-98df-7e85-832a-3da2a89cc222".equals(r.get("encounter")));
    Map<String, String> otherPatient = SyntheaSample.first("encounters", r -> r.get("patient").equals(JENNIE));
    Run encounters = new Run("encounters", List.of(record("encounters", encounter, 1),
        record("encounters", otherPatient, 2)));
    Run conditions = new Run("conditions", List.of(record("conditions", condition, 1)));

    LocalDateTime start = LocalDateTime.parse(encounter.get("start").replace("Z", ""));
    LocalDateTime stop = LocalDateTime.parse(encounter.get("stop").replace("Z", ""));
    Map<String, Object> e = encounters.zone(Zone.GENERAL).get(0);
    LocalDateTime shiftedStart = (LocalDateTime) e.get("start");
    long offset = ChronoUnit.DAYS.between(start, shiftedStart);
    assertThat(offset).isBetween(-182L, 182L).isNotZero();
    assertThat(shiftedStart.toLocalTime()).isEqualTo(start.toLocalTime()); // whole days only
    assertThat(Duration.between(shiftedStart, (LocalDateTime) e.get("stop"))).isEqualTo(Duration.between(start, stop));

    Map<String, Object> c = conditions.only(Zone.GENERAL);
    LocalDate conditionStart = LocalDate.parse(condition.get("start"));
    assertThat(c.get("start")).isEqualTo(conditionStart.plusDays(offset));
    assertThat(ChronoUnit.DAYS.between((LocalDate) c.get("start"), (LocalDate) c.get("stop")))
        .isEqualTo(ChronoUnit.DAYS.between(conditionStart, LocalDate.parse(condition.get("stop"))));
    // the condition was diagnosed at that encounter: still the same day after shifting
    assertThat(c.get("start")).isEqualTo(shiftedStart.toLocalDate());
  }

  @Test
  void badDateIsQuarantinedWithItsReasonAndNothingElseIsWritten() throws IOException {
    Map<String, String> condition = SyntheaSample.first("conditions", r -> r.get("code").equals("195662009"));
    Map<String, String> bad = new java.util.LinkedHashMap<>(condition);
    bad.put("start", "2014-02-30"); // no such day
    Run run = new Run("conditions", List.of(record("conditions", bad, 7), record("conditions", condition, 8)));
    Map<String, Object> q = run.only(Zone.QUARANTINE);
    assertThat(q).containsEntry("reason", "UNPARSEABLE_DATE").containsEntry("column_name", "start");
    assertThat((String) q.get("detail")).contains("conditions.start", "date").doesNotContain("2014-02-30");
    assertThat((String) q.get("source_record")).contains("\"start\": \"2014-02-30\"", condition.get("patient"),
        "\"row_id\": 7");
    assertThat(run.zone(Zone.GENERAL)).hasSize(1); // only the good row
    assertThat(run.counter(SplitCounter.ROWS_READ)).isEqualTo(2);
    assertThat(run.counter(SplitCounter.QUARANTINED_ROWS)).isEqualTo(1);
    assertThat(run.counter(QuarantineReason.UNPARSEABLE_DATE)).isEqualTo(1);
  }

  @Test
  void missingPatientIdIsQuarantinedAsMissingRequired() throws IOException {
    Map<String, String> observation = SyntheaSample.first("observations", r -> r.get("code").equals("8302-2"));
    observation.put("patient", null);
    Map<String, String> badCost = SyntheaSample.first("encounters", r -> r.get("patient").equals(TEMIKA));
    badCost.put("base_encounter_cost", "85.5x");
    Run observations = new Run("observations", List.of(record("observations", observation, 3)));
    Run encounters = new Run("encounters", List.of(record("encounters", badCost, 4)));

    assertThat(observations.only(Zone.QUARANTINE)).containsEntry("reason", "MISSING_REQUIRED")
        .containsEntry("column_name", "patient");
    assertThat(observations.zone(Zone.GENERAL)).isEmpty();
    assertThat(observations.counter(QuarantineReason.MISSING_REQUIRED)).isEqualTo(1);
    Map<String, Object> q = encounters.only(Zone.QUARANTINE);
    assertThat(q).containsEntry("reason", "UNPARSEABLE_DECIMAL").containsEntry("column_name", "base_encounter_cost");
    assertThat((String) q.get("detail")).contains("decimal(14,2)").doesNotContain("85.5x");
    assertThat(encounters.zone(Zone.RESTRICTED)).isEmpty();
  }

  @Test
  void upperCaseFieldNamesAndEveryTemporalFormParse() throws IOException {
    TableSpec spec = catalog.table("encounters");
    Schema upper = Staging.schema(spec, true);
    Map<String, String> e = SyntheaSample.first("encounters", r -> r.get("patient").equals(TEMIKA));
    List<GenericRecord> records = new ArrayList<>();
    String[] forms = {"2014-05-06 08:34:30", "2014-05-06 08:34:30.0", "2014-05-06 08:34:30.000000",
        "2014-05-06T08:34:30Z", "2014-05-06T04:34:30-04:00", "2014-05-06 08:34:30+00"};
    for (int i = 0; i < forms.length; i++) {
      Map<String, String> row = new java.util.LinkedHashMap<>(e);
      row.put("start", forms[i]);
      records.add(Staging.record(upper, spec, row, i + 1, LAST_MODIFIED));
    }
    Run run = new Run("encounters", records);
    assertThat(run.zone(Zone.QUARANTINE)).isEmpty();
    assertThat(run.zone(Zone.GENERAL)).extracting(r -> r.get("start")).containsOnly(run.zone(Zone.GENERAL).get(0).get("start"))
        .hasSize(forms.length);
    Map<String, Object> micros = new Run("encounters", List.of(Staging.record(upper, spec,
        Map.of("id", "x", "start", "2014-05-06 08:34:30.123456", "patient", TEMIKA), 9, LAST_MODIFIED)))
        .only(Zone.GENERAL);
    assertThat(((LocalDateTime) micros.get("start")).getNano()).isEqualTo(123_456_000);
  }
}
