package org.carelake.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production dialects: the EHR on PostgreSQL, billing on MariaDB (and each holding both). */
class SyntheaCsvLoaderServerTest {
  private static final LocalDate DAY = LocalDate.of(2024, 11, 3); // New York falls back that night

  private final DataCatalog catalog = SampleData.catalog();
  private final Path sample = SampleData.sampleDirectory();

  @TempDir
  Path tmp;

  private LoadReport loadBoth(ScratchDatabase db, Path csv, boolean replace) {
    return SampleData.loader().csvDirectory(csv).catalog(catalog)
        .database("ehr", db.url(), db.user(), db.password())
        .database("billing", db.url(), db.user(), db.password())
        .modifiedOn(DAY).replaceTables(replace).build().load();
  }

  @Test
  void wholeSampleLoadsIntoPostgresql() throws Exception {
    Map<String, Long> expected = SampleData.csvDataLines(sample, catalog);
    try (ScratchDatabase db = ScratchDatabase.postgres("sources_pg")) {
      LoadReport report = loadBoth(db, sample, true);
      assertThat(report.rowsLoaded()).containsExactlyEntriesOf(expected);
      try (Connection c = db.connect()) {
        LoadedSampleAssertions check = new LoadedSampleAssertions(s -> c, SqlDialect.POSTGRESQL, catalog);
        check.countsEqual(expected);
        check.spotValuesMatchTheCsv();
        check.lastModifiedWithin(DAY, Map.of());
      }
    }
  }

  @Test
  void wholeSampleLoadsIntoMariadb() throws Exception {
    Map<String, Long> expected = SampleData.csvDataLines(sample, catalog);
    try (ScratchDatabase db = ScratchDatabase.mariadb("sources_maria")) {
      LoadReport report = loadBoth(db, sample, true);
      assertThat(report.rowsLoaded()).containsExactlyEntriesOf(expected);
      try (Connection c = db.connect()) {
        LoadedSampleAssertions check = new LoadedSampleAssertions(s -> c, SqlDialect.MARIADB, catalog);
        check.countsEqual(expected);
        check.spotValuesMatchTheCsv();
        check.lastModifiedWithin(DAY, Map.of());
      }
      // appending continues after MAX(row_id) on MariaDB too
      LoadReport again = loadBoth(db, sample, false);
      assertThat(again.tables()).allSatisfy(t -> assertThat(t.firstRowId()).isEqualTo(expected.get(t.table()) + 1));
    }
  }

  @Test
  void ehrOnPostgresqlAndBillingOnMariadb() throws Exception {
    Map<String, Long> expected = SampleData.csvDataLines(sample, catalog);
    try (ScratchDatabase pg = ScratchDatabase.postgres("sources_ehr"); ScratchDatabase maria = ScratchDatabase.mariadb("sources_billing")) {
      SampleData.loader().csvDirectory(sample).catalog(catalog)
          .database("ehr", pg.url(), pg.user(), pg.password())
          .database("billing", maria.url(), maria.user(), maria.password())
          .modifiedOn(DAY).replaceTables(true).build().load();
      try (Connection ehr = pg.connect(); Connection billing = maria.connect()) {
        assertThat(new LoadedSampleAssertions(s -> ehr, SqlDialect.POSTGRESQL, catalog).count("observations"))
            .isEqualTo(expected.get("observations"));
        assertThat(new LoadedSampleAssertions(s -> billing, SqlDialect.MARIADB, catalog).count("claims_transactions"))
            .isEqualTo(expected.get("claims_transactions"));
        assertThat(SyntheaCsvLoaderH2Test.tablesIn(ehr)).doesNotContain("claims");
        assertThat(SyntheaCsvLoaderH2Test.tablesIn(billing)).doesNotContain("patients");
      }
    }
  }

  /**
   * A row the database refuses in the third batch: the batches already sent are rolled back,
   * and the message names the lines but quotes no values (PostgreSQL's batch message holds the
   * whole INSERT with the row's identifiers).
   */
  @Test
  void aRowThePostgresqlDatabaseRejectsRollsBackTheWholeTableAndQuotesNoValues() throws Exception {
    Path csv = SampleData.copyOfSample(tmp.resolve("csv"));
    Path observations = csv.resolve("observations.csv");
    List<String> lines = Files.readAllLines(observations);
    String[] fields = lines.get(2499).split(",", -1); // line 2500
    String patient = fields[1];
    fields[4] = "REJECT-ME";
    lines.set(2499, String.join(",", fields));
    Files.write(observations, lines);
    Map<String, Long> expected = SampleData.csvDataLines(sample, catalog);
    try (ScratchDatabase db = ScratchDatabase.postgres("sources_rollback")) {
      loadBoth(db, sample, true);
      try (Connection c = db.connect(); Statement st = c.createStatement()) {
        st.execute("ALTER TABLE observations ADD CONSTRAINT no_reject CHECK (code <> 'REJECT-ME')");
      }

      assertThatThrownBy(() -> loadBoth(db, csv, false)).isInstanceOf(LoadException.class)
          .hasMessageContaining("Table 'observations'")
          .hasMessageContaining("observations.csv lines 2002..3001")
          .hasMessageContaining("SQLState 23514")
          .hasMessageContaining("nothing of this load of the table was committed")
          .message().doesNotContain(patient).doesNotContain(fields[2]).doesNotContain("REJECT-ME");

      try (Connection c = db.connect()) {
        LoadedSampleAssertions check = new LoadedSampleAssertions(s -> c, SqlDialect.POSTGRESQL, catalog);
        assertThat(check.count("observations")).as("three batches sent, none kept").isEqualTo(expected.get("observations"));
        // tables before it in catalog order were appended in their own transactions
        assertThat(check.count("conditions")).isEqualTo(2 * expected.get("conditions"));
        assertThat(check.count("procedures")).as("tables after it are not touched").isEqualTo(expected.get("procedures"));
      }
    }
  }

  @Test
  void aMissingServerDatabaseFailsNamingTheSourceAndTheFix() throws SQLException {
    assertThatThrownBy(() -> SampleData.loader().csvDirectory(sample).catalog(catalog)
        .database("ehr", "jdbc:postgresql://127.0.0.1:5432/carelake_no_such_db", "postgres", "secret-pw")
        .database("billing", "jdbc:mariadb://127.0.0.1:3306/carelake_no_such_db?password=secret-pw", "root", "")
        .modifiedOn(DAY).build().load())
        .isInstanceOf(LoadException.class)
        .hasMessageContaining("ehr (jdbc:postgresql://127.0.0.1:5432/carelake_no_such_db)")
        .hasMessageContaining("check that the database is running")
        .message().doesNotContain("secret-pw");
  }
}
