package org.carelake.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheaCsvLoaderH2Test {
  private static final LocalDate DAY = LocalDate.of(2024, 3, 10); // a DST switch day in New York: irrelevant to last_modified

  @TempDir
  Path dir;

  private final DataCatalog catalog = SampleData.catalog();
  private final Path sample = SampleData.sampleDirectory();

  private SyntheaCsvLoader.Builder loader(LocalDate day, boolean replace) {
    return SampleData.loader().csvDirectory(sample).catalog(catalog)
        .database("ehr", SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "")
        .database("billing", SourceDatabases.embeddedH2Url(dir, "billing"), "sa", "")
        .modifiedOn(day).replaceTables(replace);
  }

  @Test
  void wholeSampleLoadsIntoTheEhrAndBillingFilesWithExactValues() throws Exception {
    Map<String, Long> expected = SampleData.csvDataLines(sample, catalog);

    LoadReport report = loader(DAY, true).build().load();

    assertThat(report.rowsLoaded()).containsExactlyEntriesOf(expected);
    assertThat(report.rowsLoaded().keySet()).containsExactlyElementsOf(
        catalog.tables().stream().map(t -> t.name()).toList());
    assertThat(report.skippedFiles()).containsExactly("imaging_studies.csv", "supplies.csv");
    assertThat(report.summary()).contains("ehr.observations").contains("3626 rows").contains("imaging_studies.csv");
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "");
        Connection billing = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "billing"), "sa", "")) {
      LoadedSampleAssertions db = new LoadedSampleAssertions(s -> s.equals("ehr") ? ehr : billing, SqlDialect.H2, catalog);
      db.countsEqual(expected);
      db.spotValuesMatchTheCsv();
      db.lastModifiedWithin(DAY, Map.of());
      assertThat(tablesIn(ehr)).as("billing tables stay out of the EHR database")
          .contains("PATIENTS", "OBSERVATIONS").doesNotContain("CLAIMS", "PAYERS");
      assertThat(tablesIn(billing)).contains("CLAIMS", "CLAIMS_TRANSACTIONS").doesNotContain("PATIENTS");
    }
  }

  @Test
  void appendingContinuesRowIdsAndReplacingStartsOver() throws Exception {
    Map<String, Long> once = SampleData.csvDataLines(sample, catalog);
    loader(DAY, true).build().load();

    LoadReport second = loader(DAY.plusDays(1), false).build().load();

    LoadReport.TableLoad patients = second.tables().get(0);
    assertThat(patients.table()).isEqualTo("patients");
    assertThat(patients.firstRowId()).isEqualTo(once.get("patients") + 1);
    assertThat(patients.lastRowId()).isEqualTo(2 * once.get("patients"));
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "");
        Connection billing = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "billing"), "sa", "")) {
      LoadedSampleAssertions db = new LoadedSampleAssertions(s -> s.equals("ehr") ? ehr : billing, SqlDialect.H2, catalog);
      for (String table : once.keySet()) {
        assertThat(db.count(table)).as("rows in %s after two loads", table).isEqualTo(2 * once.get(table));
      }
      // the appended copy of row k is row n + k, stamped on the second day
      long n = once.get("observations");
      assertThat(db.stringOfRow("observations", "code", n + 7)).isEqualTo(db.stringOfRow("observations", "code", 7));
      assertThat(db.stringOfRow("patients", "id", once.get("patients") + 1)).isEqualTo(LoadedSampleAssertions.TEMIKA);
      db.lastModifiedWithin(DAY.plusDays(1), once);
      try (Statement st = ehr.createStatement();
          ResultSet rs = st.executeQuery("SELECT MAX(last_modified) FROM observations WHERE row_id <= " + n)) {
        rs.next();
        assertThat(rs.getObject(1, java.time.LocalDateTime.class)).as("first load keeps its day")
            .isEqualTo(DAY.atTime(23, 59, 59));
      }
    }

    loader(DAY, true).build().load();
    try (Connection ehr = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "")) {
      LoadedSampleAssertions db = new LoadedSampleAssertions(s -> ehr, SqlDialect.H2, catalog);
      assertThat(db.count("patients")).isEqualTo(once.get("patients"));
      assertThat(db.stringOfRow("patients", "id", 1)).isEqualTo(LoadedSampleAssertions.TEMIKA);
    }
  }

  static java.util.List<String> tablesIn(Connection c) throws SQLException {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE", "BASE TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME"));
      }
    }
    return out;
  }
}
