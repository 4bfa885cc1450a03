package org.carelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.NightlyRun;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import org.carelake.sources.SampleData;
import org.carelake.sources.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole nightly flow on real components: the Synthea sample in PostgreSQL (EHR) and MariaDB
 * (billing), Sqoop imports, the PHI split job, HiveServer2 with the Ranger-backed authorizer.
 * Then, over JDBC: counts reconcile, no identifier from the source reaches clinical or snapshot,
 * analysts get profiles and are denied phi_restricted, stewards read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NightlyFlowEndToEndTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  /** observations rows moved out of the window (modified the next day): must not be imported. */
  private static final int OBSERVATIONS_MOVED_OUT = 5;

  private ScratchDatabase ehr;
  private ScratchDatabase billing;
  private DataCatalog catalog;
  private Settings settings;
  private Map<String, Long> csvRows;
  private int exitCode;
  private String output;
  private JsonNode manifest;
  private LocalHiveServer hive;

  @BeforeAll
  void runTheNightlyFlow(@TempDir Path work) throws Exception {
    ehr = ScratchDatabase.postgres("e2e_ehr");
    billing = ScratchDatabase.mariadb("e2e_billing");
    CareLakeHome home = CareLakeHome.of(Path.of(System.getProperty("carelake.home")));
    catalog = DataCatalog.load(home.catalogFile());
    csvRows = SampleData.csvDataLines(SampleData.sampleDirectory(), catalog);

    SampleData.loader().csvDirectory(SampleData.sampleDirectory()).catalog(catalog)
        .database("ehr", ehr.url(), ehr.user(), ehr.password())
        .database("billing", billing.url(), billing.user(), billing.password())
        .modifiedOn(DAY).replaceTables(true).build().load();
    try (Connection c = ehr.connect(); Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("UPDATE observations SET last_modified = TIMESTAMP '" + DAY.plusDays(1)
          + " 00:00:00' WHERE row_id <= " + OBSERVATIONS_MOVED_OUT)).isEqualTo(OBSERVATIONS_MOVED_OUT);
    }

    Configuration conf = new Configuration();
    PipelineConf.setWorkDir(conf, work);
    PipelineConf.setSourceUrl(conf, "ehr", ehr.url());
    PipelineConf.setSourceUser(conf, "ehr", ehr.user());
    PipelineConf.setSourceUrl(conf, "billing", billing.url());
    PipelineConf.setSourceUser(conf, "billing", billing.user());
    settings = Settings.resolve(conf, home);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NightlyRun run = new NightlyRun(settings, DAY, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    exitCode = run.run();
    output = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(output);
    manifest = new ObjectMapper().readTree(Files.readString(run.manifestFile()));

    hive = LocalHiveServer.builder().baseDir(settings.hiveBaseDir()).port(0)
        .extraSettings(AuthorizationSettings.local(home.root(), settings.hiveBaseDir()).hiveSiteEntries())
        .build().start();
  }

  @AfterAll
  void cleanUp() throws SQLException {
    if (hive != null) {
      hive.close();
    }
    if (ehr != null) {
      ehr.close();
    }
    if (billing != null) {
      billing.close();
    }
  }

  @Test
  void lineageEventsCoverEveryStepAndHiveStatementWithTheSessionUser() throws Exception {
    LineageChecks lineage = new LineageChecks(Path.of(settings.lakeRoot().toUri()), DAY, manifest);
    lineage.everyStepAndTheRunHaveStartAndComplete();
    lineage.hiveStatementsCarryTheSessionUserJobIdsAndColumnLineage();
  }

  @Test
  void lineageTracesSnapshotColumnsToSourceColumnsAndDrawsTheFlow() throws Exception {
    LineageChecks lineage = new LineageChecks(Path.of(settings.lakeRoot().toUri()), DAY, manifest);
    lineage.snapshotColumnsAreTracedToTheSourceDatabasesThroughTheirMasking();
    lineage.theLineageCommandPrintsThePathAndItsPageShowsBothKinds(settings.workDir().root(),
        Files.createDirectories(Path.of("target", "lineage")).toAbsolutePath());
  }

  @Test
  void runSucceedsAndPrintsAReconciledSummary() {
    assertThat(exitCode).as(output).isEqualTo(NightlyRun.EXIT_OK);
    assertThat(output).contains("reconciled", "claims_transactions", "Manifest:");
    assertThat(manifest.path("status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void everyRowInTheSourceWindowIsWrittenOrQuarantined() {
    Map<String, JsonNode> tables = new HashMap<>();
    manifest.path("tables").forEach(t -> tables.put(t.path("table").asText(), t));
    assertThat(tables.keySet()).containsExactlyInAnyOrderElementsOf(catalog.tables().stream().map(TableSpec::name).toList());
    for (TableSpec spec : catalog.tables()) {
      JsonNode t = tables.get(spec.name());
      long expected = csvRows.get(spec.name()) - (spec.name().equals("observations") ? OBSERVATIONS_MOVED_OUT : 0);
      assertThat(t.path("source_rows").asLong()).as(spec.name() + " source window").isEqualTo(expected);
      assertThat(t.path("staged_rows").asLong()).as(spec.name() + " staged").isEqualTo(expected);
      assertThat(t.path("general_rows").asLong() + t.path("quarantined_rows").asLong())
          .as(spec.name() + " general + quarantined").isEqualTo(expected);
      assertThat(t.path("restricted_rows").asLong()).as(spec.name() + " restricted")
          .isEqualTo(spec.hasRestrictedZone() ? t.path("general_rows").asLong() : 0);
      assertThat(t.path("reconciled").asBoolean()).as(spec.name() + " reconciled").isTrue();
    }
  }

  @Test
  void hiveTablesHoldExactlyTheRowsTheManifestCounts() throws SQLException {
    try (Connection c = hive.connect("etl")) {
      for (JsonNode t : manifest.path("tables")) {
        String table = t.path("table").asText();
        assertThat(count(c, "SELECT COUNT(*) FROM clinical." + table + " WHERE dt = '" + DAY + "'"))
            .as("clinical." + table).isEqualTo(t.path("general_rows").asLong());
        assertThat(count(c, "SELECT COUNT(*) FROM phi_restricted." + table + "_quarantine WHERE dt = '" + DAY + "'"))
            .as("phi_restricted." + table + "_quarantine").isEqualTo(t.path("quarantined_rows").asLong());
      }
    }
  }

  @Test
  void noIdentifierFromTheSourceReachesClinicalOrSnapshot() throws Exception {
    Set<String> identifiers = sourceIdentifiers();
    assertThat(identifiers).hasSizeGreaterThan(50);
    List<String> leaks = new ArrayList<>();
    int valuesScanned = 0;
    try (Connection c = hive.connect("etl")) {
      List<String> tables = new ArrayList<>();
      catalog.tables().forEach(t -> tables.add("clinical." + t.name()));
      tables.add("snapshot.patient_profile");
      for (String table : tables) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String v = rs.getString(i);
              if (v == null) {
                continue;
              }
              valuesScanned++;
              for (String id : identifiers) {
                if (v.contains(id)) {
                  leaks.add(table + "." + md.getColumnName(i) + " holds a source identifier");
                }
              }
            }
          }
        }
      }
    }
    assertThat(valuesScanned).isGreaterThan(10_000);
    assertThat(leaks).isEmpty();
  }

  @Test
  void analystReadsPatientProfilesButIsDeniedPhiRestricted() throws SQLException {
    long patients = csvRows.get("patients");
    try (Connection c = hive.connect("analyst1")) {
      assertThat(count(c, "SELECT COUNT(*) FROM snapshot.patient_profile WHERE dt = '" + DAY + "'")).isEqualTo(patients);
      assertThat(count(c, "SELECT COUNT(DISTINCT patient_token) FROM snapshot.patient_profile WHERE dt = '" + DAY + "'"))
          .isEqualTo(patients);
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
      assertThatThrownBy(() -> count(c, "SELECT ssn FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
  }

  @Test
  void stewardReadsTheRestrictedZoneAndCanReidentifyProfiles() throws Exception {
    Set<String> ssns = new HashSet<>(sampleColumn("patients", "SSN"));
    try (Connection c = hive.connect("steward1"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT r.ssn FROM snapshot.patient_profile p "
            + "JOIN phi_restricted.patients r ON r.patient_token = p.patient_token WHERE p.dt = '" + DAY + "'")) {
      Set<String> found = new HashSet<>();
      while (rs.next()) {
        found.add(rs.getString(1));
      }
      assertThat(found).isEqualTo(ssns);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Names, SSNs, licence and passport numbers, MRNs, street addresses, UDIs and member ids of the sample. */
  private static Set<String> sourceIdentifiers() throws Exception {
    Set<String> ids = new HashSet<>();
    for (String col : List.of("Id", "SSN", "DRIVERS", "PASSPORT", "FIRST", "LAST", "MAIDEN", "ADDRESS")) {
      ids.addAll(sampleColumn("patients", col));
    }
    ids.addAll(sampleColumn("devices", "UDI"));
    ids.addAll(sampleColumn("payer_transitions", "MEMBERID"));
    ids.addAll(sampleColumn("payer_transitions", "OWNER_NAME"));
    ids.removeIf(v -> v.length() < 4);
    return ids;
  }

  private static List<String> sampleColumn(String table, String column) throws Exception {
    List<String> lines = Files.readAllLines(SampleData.sampleDirectory().resolve(table + ".csv"), StandardCharsets.UTF_8);
    List<String> header = List.of(lines.get(0).split(",", -1));
    int i = header.indexOf(column);
    assertThat(i).as(table + "." + column).isGreaterThanOrEqualTo(0);
    List<String> values = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String v = line.split(",", -1)[i];
      if (!v.isEmpty()) {
        values.add(v);
      }
    }
    return values;
  }
}
