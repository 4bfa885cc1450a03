package org.carelake.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataCatalogTest {
  private static final Path CATALOG = Path.of("data-classification.json");

  @Test
  void repositoryCatalogLoadsAllSixteenSourceTables() {
    DataCatalog catalog = DataCatalog.load(CATALOG);
    assertThat(catalog.tablesOf("ehr")).extracting(TableSpec::name).containsExactly(
        "patients", "encounters", "conditions", "observations", "procedures", "medications",
        "immunizations", "allergies", "careplans", "devices", "organizations", "providers");
    assertThat(catalog.tablesOf("billing")).extracting(TableSpec::name)
        .containsExactly("payers", "payer_transitions", "claims", "claims_transactions");
    assertThat(catalog.restrictedZip3()).contains("036", "893").hasSize(17);
  }

  @Test
  void patientsSplitIntoGeneralAndRestrictedColumns() {
    TableSpec patients = DataCatalog.load(CATALOG).table("patients");
    List<String> general = patients.generalColumns().stream().map(ZoneColumn::name).toList();
    assertThat(general).contains("id", "birthdate_year", "zip3", "gender")
        .doesNotContain("ssn", "first", "last", "address", "birthdate", "zip", "lat", "last_modified");
    List<String> restricted = patients.restrictedColumns().stream().map(ZoneColumn::name).toList();
    assertThat(restricted).startsWith(TableSpec.PATIENT_TOKEN, TableSpec.RECORD_TOKEN)
        .contains("id", "ssn", "first", "last", "address", "birthdate", "zip")
        .doesNotContain("gender", "race");
    assertThat(patients.generalColumns()).filteredOn(c -> c.name().equals("birthdate_year"))
        .extracting(ZoneColumn::hiveType).containsExactly("INT");
  }

  @Test
  void tablesWithoutIdentifiersHaveNoRestrictedZone() {
    DataCatalog catalog = DataCatalog.load(CATALOG);
    assertThat(catalog.table("encounters").hasRestrictedZone()).isFalse();
    assertThat(catalog.table("encounters").restrictedColumns()).isEmpty();
    assertThat(catalog.table("devices").restrictedColumns()).extracting(ZoneColumn::name).contains("udi");
  }

  @Test
  void unknownTableAndColumnNameTheFix() {
    DataCatalog catalog = DataCatalog.load(CATALOG);
    assertThatThrownBy(() -> catalog.table("imaging_studies"))
        .isInstanceOf(CatalogException.class).hasMessageContaining("'imaging_studies'").hasMessageContaining("patients");
    assertThatThrownBy(() -> catalog.table("patients").requireColumn("nickname"))
        .hasMessageContaining("patients.nickname").hasMessageContaining("add it to catalog/data-classification.json");
  }

  @Test
  void observationValueIsSuppressedOnlyForTheAddressQuestion() {
    ColumnSpec value = DataCatalog.load(CATALOG).table("observations").requireColumn("value");
    ValueCondition when = value.suppressWhen().orElseThrow();
    assertThat(when.column()).isEqualTo("code");
    assertThat(when.matches("56799-0")).isTrue();
    assertThat(when.matches("8867-4")).isFalse();
    assertThat(when.matches(null)).isFalse();
  }

  @Test
  void invalidCatalogsAreRejectedWithTheBadEntryNamed() {
    String base = "{\"sources\":{\"ehr\":\"x\"},\"tables\":[{\"name\":\"t\",\"source\":\"ehr\",\"import\":\"windowed\","
        + "\"key\":\"row_id\",\"patient\":\"p\",\"columns\":["
        + "{\"name\":\"row_id\",\"type\":\"bigint\",\"treatment\":\"KEEP\"},"
        + "{\"name\":\"last_modified\",\"type\":\"timestamp\",\"treatment\":\"DROP\"},"
        + "{\"name\":\"p\",\"type\":\"id\",\"treatment\":\"TOKENIZE\",\"safe_harbor\":\"MEDICAL_RECORD_NUMBER\",\"domain\":\"patient\"},%s]}]}";
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"zip\",\"type\":\"string\",\"treatment\":\"ZIPCODE\"}"), "test"))
        .hasMessageContaining("t.zip").hasMessageContaining("'ZIPCODE'");
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"mrn\",\"type\":\"id\",\"treatment\":\"TOKENIZE\"}"), "test"))
        .hasMessageContaining("t.mrn").hasMessageContaining("domain");
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"born\",\"type\":\"string\",\"treatment\":\"YEAR_ONLY\"}"), "test"))
        .hasMessageContaining("t.born").hasMessageContaining("date or timestamp");
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"v\",\"type\":\"varchar\",\"treatment\":\"KEEP\"}"), "test"))
        .hasMessageContaining("t.v").hasMessageContaining("'varchar'");
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"v\",\"type\":\"text\",\"treatment\":\"KEEP\",\"suppress_when\":{\"column\":\"kode\",\"values\":[\"1\"]}}"),
        "test")).hasMessageContaining("t.v").hasMessageContaining("'kode'");
    assertThatThrownBy(() -> DataCatalog.parse(String.format(base,
        "{\"name\":\"v\",\"type\":\"text\",\"treatment\":\"KEEP\",\"suppress_when\":{\"column\":\"p\",\"values\":[\"1\"]}}"),
        "test")).hasMessageContaining("t.v").hasMessageContaining("must be KEEP");
    assertThatThrownBy(() -> DataCatalog.parse("{\"sources\": [", "broken.json"))
        .hasMessageContaining("broken.json").hasMessageContaining("not valid JSON");
    assertThat(DataCatalog.parse(String.format(base,
        "{\"name\":\"v\",\"type\":\"decimal(10,2)\",\"treatment\":\"KEEP\"}"), "test").table("t")
        .requireColumn("v").type()).isEqualTo(LogicalType.decimal(10, 2));
  }

  @Test
  void targetsChooseAProfilePerZoneAndTheLimitedDataSetKeepsDates() {
    DataCatalog catalog = DataCatalog.load(CATALOG);
    assertThat(catalog.targets()).containsEntry("general", Profile.SAFE_HARBOR)
        .containsEntry("limited", Profile.LIMITED_DATA_SET);
    TableSpec patients = catalog.table("patients");
    assertThat(patients.generalColumns(Profile.LIMITED_DATA_SET)).filteredOn(c -> c.name().equals("birthdate"))
        .extracting(ZoneColumn::hiveType).containsExactly("DATE");
    assertThat(patients.generalColumns(Profile.LIMITED_DATA_SET)).extracting(ZoneColumn::name)
        .contains("zip3").doesNotContain("birthdate_year", "ssn", "first", "zip", "city");
    assertThat(patients.generalColumns()).isEqualTo(patients.generalColumns(Profile.SAFE_HARBOR));
    String noTargets = "{\"sources\":{\"ehr\":\"x\"},\"targets\":{\"lake\":\"safe-harbor\"},\"tables\":[]}";
    assertThatThrownBy(() -> DataCatalog.parse(noTargets, "test")).hasMessageContaining("'lake'");
    String badProfile = "{\"sources\":{\"ehr\":\"x\"},\"targets\":{\"limited\":\"lds\"},\"tables\":[]}";
    assertThatThrownBy(() -> DataCatalog.parse(badProfile, "test")).hasMessageContaining("'lds'")
        .hasMessageContaining("limited-data-set");
  }

  @Test
  void quarantineRulesAreReadFromTheCatalog() {
    DataCatalog catalog = DataCatalog.load(CATALOG);
    ColumnSpec todate = catalog.table("claims_transactions").requireColumn("todate");
    assertThat(todate.rules().isSentinel(java.time.LocalDate.EPOCH)).isTrue();
    assertThat(todate.rules().onSentinel()).isEqualTo(ColumnRules.SentinelAction.NULL);
    assertThat(catalog.table("encounters").requireColumn("start").rules().onSentinel())
        .isEqualTo(ColumnRules.SentinelAction.QUARANTINE);
    assertThat(catalog.table("conditions").requireColumn("code").rules().codeSystem()).contains(CodeSystem.SNOMED_CT);
    assertThat(catalog.table("observations").requireColumn("code").rules().extraCodes()).contains("QALY");
    ValueRanges vitals = catalog.table("observations").valueRanges().orElseThrow();
    assertThat(vitals.ranges().get("8867-4").contains(61.0)).isTrue();
    assertThat(vitals.ranges().get("8867-4").contains(900.0)).isFalse();
    assertThat(catalog.tables()).allMatch(t -> t.maxQuarantineFraction().isPresent());
  }

  @Test
  void codeSystemsCheckTheirCheckDigits() {
    // real codes of the Synthea sample
    assertThat(CodeSystem.SNOMED_CT.isValid("195662009")).isTrue(); // acute viral pharyngitis
    assertThat(CodeSystem.SNOMED_CT.isValid("72514-3")).isFalse();
    assertThat(CodeSystem.SNOMED_CT.isValid("195662008")).as("last digit mistyped").isFalse();
    assertThat(CodeSystem.SNOMED_CT.isValid("195662090")).as("digits swapped").isFalse();
    assertThat(CodeSystem.LOINC.isValid("8867-4")).isTrue(); // heart rate
    assertThat(CodeSystem.LOINC.isValid("29463-7")).isTrue();
    assertThat(CodeSystem.LOINC.isValid("8867-5")).isFalse();
    assertThat(CodeSystem.LOINC.isValid("QALY")).isFalse();
    assertThat(CodeSystem.LOINC.isValid(null)).isFalse();
  }
}
