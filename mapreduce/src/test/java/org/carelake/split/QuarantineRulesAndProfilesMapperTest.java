package org.carelake.split;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.split.PhiSplitMapperTest.Run;
import org.carelake.split.output.Zone;
import org.carelake.split.treatments.QuarantineReason;
import org.junit.jupiter.api.Test;

/**
 * The mapper under MRUnit, per catalog rule and profile: the quarantine rules (sentinel dates,
 * code systems, impossible vitals), DROP, AGE_CAP and the limited-data-set row. Every record is a
 * real row of the Synthea sample; where the sample has no bad example, one value of a real row is
 * changed, as each test says.
 */
class QuarantineRulesAndProfilesMapperTest {
  static {
    try {
      PhiSplitMapperTest.keyStore();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void synthea1970TodateBecomesNullButItsRowIsKept() throws IOException {
    // real rows: 516 of the sample's 5,567 claims transactions carry TODATE 1970-01-01 ("no end date")
    Map<String, String> sentinel = SyntheaSample.first("claims_transactions",
        r -> r.get("todate") != null && r.get("todate").startsWith("1970-01-01"));
    Map<String, String> normal = SyntheaSample.first("claims_transactions",
        r -> r.get("todate") != null && !r.get("todate").startsWith("1970"));
    Run run = new Run("claims_transactions", List.of(PhiSplitMapperTest.record("claims_transactions", sentinel, 1),
        PhiSplitMapperTest.record("claims_transactions", normal, 2)));
    assertThat(run.zone(Zone.QUARANTINE)).isEmpty();
    List<Map<String, Object>> general = run.zone(Zone.GENERAL);
    assertThat(general.get(0)).containsEntry("todate", null);
    assertThat(general.get(0).get("fromdate")).isNotNull();
    assertThat(general.get(1).get("todate")).isNotNull();
    assertThat(run.zone(Zone.LIMITED).get(0)).containsEntry("todate", null);
    assertThat(run.counter(SplitCounter.SENTINELS_NULLED)).isEqualTo(1);

    // the same placeholder as a New York source database stores it: 1970-01-01T00:00Z is 1969-12-31 19:00 there
    Map<String, String> local = new java.util.LinkedHashMap<>(sentinel);
    local.put("todate", "1969-12-31 19:00:00");
    Run newYork = new Run(PhiSplitMapperTest.catalog, "claims_transactions",
        List.of(PhiSplitMapperTest.record("claims_transactions", local, 3)),
        conf -> SplitJobConf.setSourceTimeZone(conf, java.time.ZoneId.of("America/New_York")));
    assertThat(newYork.only(Zone.GENERAL)).containsEntry("todate", null);
    Run utc = new Run("claims_transactions", List.of(PhiSplitMapperTest.record("claims_transactions", local, 4)));
    assertThat(utc.only(Zone.GENERAL).get("todate")).as("a real 19:00 in a UTC source").isNotNull();
  }

  @Test
  void sentinelOnARequiredEventDateIsQuarantined() throws IOException {
    // derived: a real encounter whose START is set to 1970-01-01 (the catalog forbids it there)
    Map<String, String> encounter = SyntheaSample.first("encounters",
        r -> r.get("patient").equals(PhiSplitMapperTest.TEMIKA));
    encounter.put("start", "1970-01-01T00:00:00Z");
    Run run = new Run("encounters", List.of(PhiSplitMapperTest.record("encounters", encounter, 1)));
    assertThat(run.only(Zone.QUARANTINE)).containsEntry("reason", "SENTINEL_DATE").containsEntry("column_name", "start");
    assertThat(run.zone(Zone.GENERAL)).isEmpty();
    assertThat(run.counter(QuarantineReason.SENTINEL_DATE)).isEqualTo(1);
  }

  @Test
  void aSnomedCodeWithAMistypedDigitIsAnUnknownCode() throws IOException {
    // derived: the sample's acute viral pharyngitis (195662009) with its check digit mistyped
    Map<String, String> good = SyntheaSample.first("conditions", r -> r.get("code").equals("195662009"));
    Map<String, String> bad = new java.util.LinkedHashMap<>(good);
    bad.put("code", "195662008");
    Map<String, String> qaly = SyntheaSample.first("observations", r -> r.get("code").equals("QALY"));
    Run conditions = new Run("conditions", List.of(PhiSplitMapperTest.record("conditions", bad, 1),
        PhiSplitMapperTest.record("conditions", good, 2)));
    Map<String, Object> q = conditions.only(Zone.QUARANTINE);
    assertThat(q).containsEntry("reason", "UNKNOWN_CODE").containsEntry("column_name", "code");
    assertThat((String) q.get("detail")).contains("SNOMED CT").doesNotContain("195662008");
    assertThat(conditions.only(Zone.GENERAL)).containsEntry("code", "195662009");
    // Synthea's QALY is not LOINC but the catalog lists it in extra_codes
    Run observations = new Run("observations", List.of(PhiSplitMapperTest.record("observations", qaly, 3)));
    assertThat(observations.zone(Zone.QUARANTINE)).isEmpty();
  }

  @Test
  void impossibleVitalsAreQuarantinedAndPossibleOnesKept() throws IOException {
    Map<String, String> heartRate = SyntheaSample.first("observations", r -> r.get("code").equals("8867-4"));
    // derived from the same real row: 900 /min, a text value, and the right number in other units
    Map<String, String> tooFast = new java.util.LinkedHashMap<>(heartRate);
    tooFast.put("value", "900.0");
    Map<String, String> text = new java.util.LinkedHashMap<>(heartRate);
    text.put("value", "fast");
    Map<String, String> units = new java.util.LinkedHashMap<>(heartRate);
    units.put("units", "/s");
    Run run = new Run("observations", List.of(PhiSplitMapperTest.record("observations", heartRate, 1),
        PhiSplitMapperTest.record("observations", tooFast, 2), PhiSplitMapperTest.record("observations", text, 3),
        PhiSplitMapperTest.record("observations", units, 4)));
    assertThat(run.zone(Zone.GENERAL)).extracting(g -> g.get("value")).containsExactly(heartRate.get("value"));
    assertThat(run.zone(Zone.QUARANTINE)).extracting(q -> q.get("reason") + ":" + q.get("column_name"))
        .containsExactly("IMPOSSIBLE_VITAL:value", "IMPOSSIBLE_VITAL:value", "IMPOSSIBLE_VITAL:units");
    assertThat((String) run.zone(Zone.QUARANTINE).get(0).get("detail")).contains("heart rate", "20.0..300.0 /min")
        .doesNotContain("900");
    assertThat(run.counter(QuarantineReason.IMPOSSIBLE_VITAL)).isEqualTo(3);
    assertThat(run.counter(SplitCounter.ROWS_READ)).isEqualTo(4);
  }

  @Test
  void limitedDataSetKeepsDatesWhereSafeHarborShiftsOrReducesThem() throws IOException {
    Map<String, String> patient = PhiSplitMapperTest.patient(PhiSplitMapperTest.TEMIKA);
    patient.put("birthdate", "1931-09-14"); // derived: born in the 1930s, 92 on the business date
    Run patients = new Run("patients", List.of(PhiSplitMapperTest.record("patients", patient, 1)));
    assertThat(patients.only(Zone.GENERAL)).containsEntry("birthdate_year", 2024 - 90).doesNotContainKey("birthdate");
    assertThat(patients.only(Zone.LIMITED)).containsEntry("birthdate", LocalDate.of(1931, 9, 14))
        .containsEntry("zip3", "020").doesNotContainKey("birthdate_year").doesNotContainKey("ssn")
        .doesNotContainKey("city").doesNotContainKey("zip");
    assertThat(patients.only(Zone.LIMITED).get("id")).isEqualTo(patients.only(Zone.GENERAL).get("id"));

    Map<String, String> encounter = SyntheaSample.first("encounters",
        r -> r.get("patient").equals(PhiSplitMapperTest.TEMIKA));
    Run encounters = new Run("encounters", List.of(PhiSplitMapperTest.record("encounters", encounter, 1)));
    LocalDateTime start = LocalDateTime.parse(encounter.get("start").replace("Z", ""));
    assertThat(encounters.only(Zone.LIMITED)).containsEntry("start", start);
    assertThat(ChronoUnit.DAYS.between(start, (LocalDateTime) encounters.only(Zone.GENERAL).get("start"))).isNotZero();
    assertThat(encounters.counter(SplitCounter.LIMITED_ROWS)).isEqualTo(1);
  }

  @Test
  void dropWritesNothingAnywhere() throws IOException {
    Map<String, String> org = SyntheaSample.rows("organizations").get(0);
    assertThat(org.get("phone")).isNotBlank();
    Run run = new Run("organizations", List.of(PhiSplitMapperTest.record("organizations", org, 1)));
    for (Zone zone : List.of(Zone.GENERAL, Zone.LIMITED)) {
      assertThat(run.only(zone)).doesNotContainKey("phone").doesNotContainKey("last_modified")
          .containsEntry("name", org.get("name"));
      assertThat(run.only(zone).values()).doesNotContain(org.get("phone"));
    }
    assertThat(run.zone(Zone.RESTRICTED)).isEmpty();
  }

  @Test
  void ageCapAggregatesAgesOver89InSafeHarborOnly() throws Exception {
    // no source column is an age: a copy of the catalog gives patients one, filled from a real row
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(PhiSplitMapperTest.catalog.text());
    for (var t : root.get("tables")) {
      if (t.get("name").asText().equals("patients")) {
        ((ArrayNode) t.get("columns")).addObject().put("name", "age").put("type", "int").put("treatment", "AGE_CAP")
            .put("safe_harbor", "DATES");
      }
    }
    DataCatalog withAge = DataCatalog.parse(json.writeValueAsString(root), "test catalog with an age column");
    Map<String, String> old = PhiSplitMapperTest.patient(PhiSplitMapperTest.CHRISTEEN);
    old.put("age", "93");
    Map<String, String> young = PhiSplitMapperTest.patient(PhiSplitMapperTest.TEMIKA);
    young.put("age", "13");
    var spec = withAge.table("patients");
    var schema = Staging.schema(spec, false);
    Run run = new Run(withAge, "patients", List.of(
        Staging.record(schema, spec, old, 1, PhiSplitMapperTest.LAST_MODIFIED),
        Staging.record(schema, spec, young, 2, PhiSplitMapperTest.LAST_MODIFIED)));
    assertThat(run.zone(Zone.GENERAL)).extracting(g -> g.get("age")).containsExactly(90, 13);
    assertThat(run.zone(Zone.LIMITED)).extracting(g -> g.get("age")).containsExactly(93, 13);
  }
}
