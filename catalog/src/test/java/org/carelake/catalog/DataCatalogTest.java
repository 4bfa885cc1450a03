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
        + "{\"name\":\"p\",\"type\":\"id\",\"treatment\":\"TOKENIZE\",\"domain\":\"patient\"},%s]}]}";
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
}
