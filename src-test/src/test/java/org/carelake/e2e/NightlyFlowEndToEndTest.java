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
import org.carelake.catalog.Profile;
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
        .extraSettings(settings.hiveCryptoSettings()) // HiveServer2 holds the zones' keys (Parquet decryption)
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

  // ---- issue 3: Safe Harbor, the limited data set, encryption, re-identification ----

  @Test
  void safeHarborScannerFindsNoIdentifierInAnyGeneralOrSnapshotColumn() throws Exception {
    SafeHarborScanner scanner = scanner();
    try (Connection c = hive.connect("etl")) {
      for (TableSpec t : catalog.tables()) {
        scanner.scan(c, "clinical." + t.name(), t.name(), Profile.SAFE_HARBOR);
      }
      scanner.scan(c, "snapshot.patient_profile", null, Profile.SAFE_HARBOR);
    }
    assertThat(scanner.containedIdentifiers).as("source identifiers").hasSizeGreaterThan(50);
    assertThat(scanner.valuesScanned).isGreaterThan(50_000);
    assertThat(scanner.datesChecked).as("dates compared with their source rows").isGreaterThan(10_000);
    assertThat(scanner.findings).isEmpty();
  }

  @Test
  void theScannerCatchesAnIdentifierPlantedInAGeneralTable() throws Exception {
    // the scanner itself must be able to fail: a view over clinical.patients that leaks an SSN and a full date
    SafeHarborScanner scanner = scanner();
    try (Connection c = hive.connect("etl"); Statement st = c.createStatement()) {
      st.execute("CREATE VIEW IF NOT EXISTS default.leaky_patients AS SELECT p.row_id, p.id, p.birthdate_year, "
          + "r.ssn AS note, r.zip AS zip3 FROM clinical.patients p JOIN phi_restricted.patients r "
          + "ON r.patient_token = p.id");
      scanner.scan(c, "default.leaky_patients", "patients", Profile.SAFE_HARBOR);
      st.execute("DROP VIEW default.leaky_patients");
    }
    assertThat(scanner.findings).anyMatch(f -> f.contains("SSN-shaped")).anyMatch(f -> f.contains("not three digits"))
        .anyMatch(f -> f.contains("source identifier"));
  }

  @Test
  void theLimitedDataSetKeepsDatesAndOnlyResearchersStewardsAndEtlReadIt() throws Exception {
    SafeHarborScanner scanner = scanner();
    try (Connection c = hive.connect("researcher1")) {
      for (TableSpec t : catalog.tables()) {
        scanner.scan(c, "clinical_limited." + t.name(), t.name(), Profile.LIMITED_DATA_SET);
      }
      assertThat(scanner.findings).as("no direct identifier in the limited data set").isEmpty();
      // dates as in the source, unshifted: the encounter start times equal the source database's
      Set<java.time.LocalDateTime> sourceStarts;
      try (Connection e = ehr.connect()) {
        sourceStarts = times(e, "SELECT start FROM encounters");
      }
      assertThat(times(c, "SELECT `start` FROM clinical_limited.encounters WHERE dt = '" + DAY + "'"))
          .isEqualTo(sourceStarts);
      try (Connection etl = hive.connect("etl")) {
        // the general zone's are shifted (the scanner checks each against its source row)
        assertThat(times(etl, "SELECT `start` FROM clinical.encounters WHERE dt = '" + DAY + "'"))
            .isNotEqualTo(sourceStarts);
      }
      assertThat(count(c, "SELECT COUNT(*) FROM clinical_limited.encounters WHERE dt = '" + DAY + "'"))
          .isEqualTo(csvRows.get("encounters"));
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    try (Connection c = hive.connect("analyst1")) {
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM clinical_limited.encounters"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
  }

  @Test
  void stewardsReidentifyThroughTheViewAndAnalystsAreDeniedAndAudited() throws Exception {
    Set<String> ssns = new HashSet<>(sampleColumn("patients", "SSN"));
    try (Connection c = hive.connect("steward1"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn, mrn, zip3 FROM phi_restricted.patient_profile_identified "
            + "WHERE dt = '" + DAY + "'")) {
      Set<String> found = new HashSet<>();
      while (rs.next()) {
        found.add(rs.getString(1));
        assertThat(rs.getString(2)).isNotBlank();
      }
      assertThat(found).isEqualTo(ssns);
    }
    try (Connection c = hive.connect("analyst1")) {
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patient_profile_identified"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    Path auditDir = Path.of(AuthorizationSettings.local(CareLakeHome.of(Path.of(System.getProperty("carelake.home")))
        .root(), settings.hiveBaseDir()).hiveSiteEntries().get(AuthorizationSettings.AUDIT_DIR));
    long deadline = System.nanoTime() + 20_000_000_000L;
    boolean audited = false;
    while (!audited && System.nanoTime() < deadline) {
      try (var files = Files.walk(auditDir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          audited |= Files.readAllLines(f).stream().anyMatch(l -> l.contains("\"analyst1\"")
              && l.contains("patient_profile_identified") && l.contains("\"result\":0"));
        }
      }
      if (!audited) {
        Thread.sleep(500);
      }
    }
    assertThat(audited).as("the analyst's denied query is in the audit under %s", auditDir).isTrue();
  }

  @Test
  void zonesAreEncryptedOnDiskAndTheManifestProvesRestrictedRowsPerPatient() throws Exception {
    Path restricted = Path.of(java.net.URI.create(settings.lakeRoot() + "/restricted/patients/dt=" + DAY));
    List<Path> files;
    try (var s = Files.list(restricted)) {
      files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    assertThat(files).isNotEmpty();
    String someSsn = sampleColumn("patients", "SSN").get(0);
    for (Path f : files) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(someSsn);
      // a reader without the keys (a copied file) cannot even open the footer
      assertThatThrownBy(() -> org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toUri()),
              new Configuration(false)))).isInstanceOf(org.apache.parquet.crypto.ParquetCryptoRuntimeException.class);
    }
    for (JsonNode t : manifest.path("tables")) {
      String name = t.path("table").asText();
      assertThat(t.path("partition").asText()).isEqualTo("dt=" + DAY);
      assertThat(t.path("limited_rows").asLong()).as(name).isEqualTo(t.path("general_rows").asLong());
      if (catalog.table(name).hasRestrictedZone()) {
        assertThat(t.path("restricted_distinct_records").asLong()).as(name).isEqualTo(t.path("restricted_rows").asLong());
      }
    }
    JsonNode patients = null;
    for (JsonNode t : manifest.path("tables")) {
      if (t.path("table").asText().equals("patients")) {
        patients = t;
      }
    }
    assertThat(patients.path("restricted_distinct_patients").asLong()).isEqualTo(csvRows.get("patients"))
        .isEqualTo(patients.path("restricted_rows").asLong());
    assertThat(patients.path("restricted_rule").asText()).contains("distinct patient tokens");
    // Synthea's 1970-01-01 TODATE placeholders became NULL, counted
    JsonNode tx = null;
    for (JsonNode t : manifest.path("tables")) {
      if (t.path("table").asText().equals("claims_transactions")) {
        tx = t;
      }
    }
    assertThat(tx.path("sentinels_nulled").asLong()).isEqualTo(516);
  }

  private static Set<java.time.LocalDateTime> times(Connection c, String sql) throws SQLException {
    Set<java.time.LocalDateTime> out = new HashSet<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(org.carelake.split.treatments.Temporals.parseTimestamp(rs.getString(1)));
      }
    }
    return out;
  }

  private SafeHarborScanner scanner() throws Exception {
    Configuration conf = new Configuration(settings.conf());
    SafeHarborScanner scanner = new SafeHarborScanner(catalog, org.carelake.split.keys.TokenKeys.read(conf), DAY);
    try (Connection e = ehr.connect(); Connection b = billing.connect()) {
      scanner.loadSource(e, "ehr");
      scanner.loadSource(b, "billing");
    }
    return scanner;
  }
}
