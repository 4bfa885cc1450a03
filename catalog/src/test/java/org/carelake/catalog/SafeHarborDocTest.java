package org.carelake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Holds the catalog to docs/SAFE_HARBOR.md: every one of the 18 identifiers has a row; a row says
 * "present" exactly when catalog columns hold that identifier, lists exactly the treatments the
 * catalog gives them and names every such column (or their count); and no identifying column is
 * written unchanged to a de-identified zone.
 */
class SafeHarborDocTest {
  private static final Path HOME = Path.of(System.getProperty("carelake.home", ".."));

  record Row(String status, Set<String> treatments, String columns) {
  }

  static Map<SafeHarborIdentifier, Row> docRows() throws IOException {
    Map<SafeHarborIdentifier, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(HOME.resolve("docs/SAFE_HARBOR.md"), StandardCharsets.UTF_8)) {
      if (!line.matches("\\| \\([A-R]\\) \\|.*")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      SafeHarborIdentifier id = SafeHarborIdentifier.valueOf(cells[2].trim());
      assertThat(cells[1].trim()).as(id + " paragraph").isEqualTo("(" + id.paragraph() + ")");
      Set<String> treatments = new TreeSet<>();
      for (String t : cells[4].split(",")) {
        if (!t.isBlank()) {
          treatments.add(t.trim());
        }
      }
      assertThat(rows.put(id, new Row(cells[3].trim(), treatments, cells[5]))).as(id + " listed twice").isNull();
    }
    return rows;
  }

  @Test
  void everyIdentifierIsEitherHandledByTheCatalogOrDocumentedAsAbsent() throws IOException {
    DataCatalog catalog = DataCatalog.load(HOME.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    Map<SafeHarborIdentifier, List<String>> columns = new LinkedHashMap<>();
    Map<SafeHarborIdentifier, Set<String>> treatments = new LinkedHashMap<>();
    for (TableSpec t : catalog.tables()) {
      for (ColumnSpec c : t.columns()) {
        c.safeHarbor().ifPresent(id -> {
          columns.computeIfAbsent(id, k -> new ArrayList<>()).add(t.name() + "." + c.name());
          treatments.computeIfAbsent(id, k -> new TreeSet<>()).add(c.treatment().name());
        });
      }
    }
    Map<SafeHarborIdentifier, Row> doc = docRows();
    assertThat(doc.keySet()).containsExactlyInAnyOrder(SafeHarborIdentifier.values());
    for (SafeHarborIdentifier id : SafeHarborIdentifier.values()) {
      Row row = doc.get(id);
      if (!columns.containsKey(id)) {
        assertThat(row.status()).as(id + ": no catalog column holds it").isEqualTo("absent");
        assertThat(row.columns()).as(id + " says why it is absent").isNotBlank();
        continue;
      }
      assertThat(row.status()).as(id + " is held by " + columns.get(id)).isEqualTo("present");
      assertThat(row.treatments()).as(id + " treatments").isEqualTo(treatments.get(id));
      List<String> cols = columns.get(id);
      if (row.columns().contains("all " + cols.size() + " columns of the category")) {
        continue;
      }
      for (String col : cols) {
        assertThat(row.columns()).as(id + " row names " + col).contains("`" + col + "`");
      }
    }
  }

  @Test
  void noIdentifyingColumnReachesADeidentifiedZoneUnchanged() {
    DataCatalog catalog = DataCatalog.load(HOME.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    for (TableSpec t : catalog.tables()) {
      for (ColumnSpec c : t.columns()) {
        if (c.safeHarbor().isPresent() && c.treatment() == Treatment.KEEP) {
          assertThat(c.suppressWhen()).as(t.name() + "." + c.name()).isPresent();
        }
        if (c.treatment() == Treatment.RESTRICTED_ONLY) {
          for (Profile p : Profile.values()) {
            assertThat(t.generalColumns(p)).extracting(ZoneColumn::source).doesNotContain(c);
          }
        }
      }
    }
  }

  @Test
  void catalogRefusesAnIdentifierKeptAsItIs() {
    String json = "{\"sources\":{\"ehr\":\"x\"},\"tables\":[{\"name\":\"t\",\"source\":\"ehr\",\"import\":\"windowed\","
        + "\"key\":\"row_id\",\"patient\":\"p\",\"columns\":["
        + "{\"name\":\"row_id\",\"type\":\"bigint\",\"treatment\":\"KEEP\"},"
        + "{\"name\":\"last_modified\",\"type\":\"timestamp\",\"treatment\":\"DROP\"},"
        + "{\"name\":\"p\",\"type\":\"id\",\"treatment\":\"TOKENIZE\",\"safe_harbor\":\"MEDICAL_RECORD_NUMBER\","
        + "\"domain\":\"patient\"},%s]}]}";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataCatalog.parse(String.format(json,
        "{\"name\":\"email\",\"type\":\"string\",\"treatment\":\"KEEP\",\"safe_harbor\":\"EMAIL\"}"), "test"))
        .hasMessageContaining("t.email").hasMessageContaining("EMAIL").hasMessageContaining("KEEP");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataCatalog.parse(String.format(json,
        "{\"name\":\"ssn\",\"type\":\"string\",\"treatment\":\"RESTRICTED_ONLY\"}"), "test"))
        .hasMessageContaining("t.ssn").hasMessageContaining("safe_harbor");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataCatalog.parse(String.format(json,
        "{\"name\":\"zip\",\"type\":\"string\",\"treatment\":\"ZIP3\",\"safe_harbor\":\"NAMES\"}"), "test"))
        .hasMessageContaining("t.zip").hasMessageContaining("GEOGRAPHY");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataCatalog.parse(String.format(json,
        "{\"name\":\"x\",\"type\":\"string\",\"treatment\":\"DROP\",\"safe_harbor\":\"PHONE\"}"), "test"))
        .hasMessageContaining("t.x").hasMessageContaining("\"PHONE\"").hasMessageContaining("TELEPHONE");
  }
}
