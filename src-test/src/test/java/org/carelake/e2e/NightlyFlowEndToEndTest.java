package org.carelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.math.BigDecimal;
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
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.hive.auth.PasswordFile;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.hive.ranger.ProjectSchema;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.NightlyRun;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.config.HiveServerConfig;
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
 * (billing), Sqoop imports, the PHI split job, HiveServer2 with logins and the Ranger-backed
 * authorizer. Then, over JDBC: counts reconcile, no identifier from the source reaches clinical or
 * snapshot, the billing reconciliation finds what the CSVs hold, analysts get the profiles of their
 * organizations (exact counts from the CSVs), masked, and are denied phi_restricted; stewards read it.
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
  private Map<String, String> passwords = new HashMap<>();
  /** analyst1's organizations: the organizations of the latest encounters of the first three patients. */
  private Set<String> analystOrganizations;

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

    analystOrganizations = new TreeSet<>();
    Map<String, String> latest = latestEncounterOrganizations();
    latest.keySet().stream().sorted().limit(3).forEach(p -> analystOrganizations.add(latest.get(p)));
    Path entitlements = Files.createDirectories(work.resolve("entitlements/analyst_organizations"));
    StringBuilder rows = new StringBuilder("analyst,organization\n");
    analystOrganizations.forEach(o -> rows.append("analyst1,").append(o).append('\n'));
    Files.writeString(entitlements.resolve("analyst_organizations.csv"), rows.toString());

    Configuration conf = new Configuration();
    PipelineConf.setWorkDir(conf, work);
    PipelineConf.setEntitlementsRoot(conf, work.resolve("entitlements").toUri().toString());
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

    // the nightly run made the password file and etl's login; the test adds an analyst, a steward and a researcher
    HiveServerConfig hiveConfig = settings.hiveServer();
    passwords.put("etl", hiveConfig.etlPassword());
    passwords.put("analyst1", "analyst1-e2e-secret");
    passwords.put("steward1", "steward1-e2e-secret");
    passwords.put("researcher1", "researcher1-e2e-secret");
    PasswordFile.read(hiveConfig.passwordFile().orElseThrow())
        .withPassword("analyst1", passwords.get("analyst1").toCharArray(), 1000)
        .withPassword("steward1", passwords.get("steward1").toCharArray(), 1000)
        .withPassword("researcher1", passwords.get("researcher1").toCharArray(), 1000);
    LocalHiveServer.Builder<?> builder = LocalHiveServer.builder().baseDir(settings.hiveBaseDir()).port(0)
        .extraSettings(AuthorizationSettings.local(home.root(), settings.hiveBaseDir()).hiveSiteEntries())
        .extraSettings(settings.hiveCryptoSettings()); // HiveServer2 holds the zones' keys (Parquet decryption)
    hiveConfig.apply(builder);
    hive = builder.build().start();
  }

  private Connection login(String user) throws SQLException {
    return hive.login(user, passwords.get(user));
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
    try (Connection c = login("etl")) {
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
    try (Connection c = login("etl")) {
      List<String> tables = new ArrayList<>();
      for (String db : List.of(HqlFiles.CLINICAL_DB, HqlFiles.SNAPSHOT_DB)) {
        SafeHarborScanner.tablesOf(c, db).forEach(t -> tables.add(db + "." + t));
      }
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
  void analystReadsTheMaskedProfilesOfTheirOrganizationsButIsDeniedPhiRestricted() throws Exception {
    long patients = csvRows.get("patients");
    Map<String, String> latest = latestEncounterOrganizations();
    long theirs = latest.values().stream().filter(analystOrganizations::contains).count();
    assertThat(theirs).as("the row filter must show some but not all").isBetween(3L, patients - 1);
    long theirEncounters = csv("encounters").stream().filter(e -> analystOrganizations.contains(e.get("ORGANIZATION")))
        .count();
    try (Connection c = login("analyst1"); Connection etl = login("etl")) {
      assertThat(count(etl, "SELECT COUNT(*) FROM snapshot.patient_profile WHERE dt = '" + DAY + "'")).isEqualTo(patients);
      assertThat(count(c, "SELECT COUNT(*) FROM snapshot.patient_profile WHERE dt = '" + DAY + "'")).isEqualTo(theirs);
      assertThat(count(c, "SELECT COUNT(DISTINCT patient_token) FROM snapshot.patient_profile WHERE dt = '" + DAY + "'"))
          .isEqualTo(theirs);
      assertThat(count(c, "SELECT COUNT(*) FROM clinical.encounters WHERE dt = '" + DAY + "'")).isEqualTo(theirEncounters);
      // 11 patients: every age band / sex / ZIP3 cell is smaller than 11, so analysts see none of them
      assertThat(count(c, "SELECT COUNT(*) FROM snapshot.patient_profile WHERE dt = '" + DAY + "' AND (zip3 IS NOT NULL "
          + "OR age_band IS NOT NULL)")).isZero();
      assertThat(count(etl, "SELECT COUNT(*) FROM snapshot.patient_profile WHERE dt = '" + DAY + "' AND (zip3 IS NOT NULL "
          + "OR age_band IS NOT NULL)")).isPositive();
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
      assertThatThrownBy(() -> count(c, "SELECT ssn FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    assertThatThrownBy(() -> hive.login("analyst1", "wrong-password")).isInstanceOf(SQLException.class);
  }

  /** Each finding of snapshot.billing_reconciliation, counted from the CSVs the sources were loaded from. */
  @Test
  void billingReconciliationFindsWhatTheCsvsHold() throws Exception {
    List<Map<String, String>> conditions = csv("conditions");
    List<Map<String, String>> claims = csv("claims");
    Set<String> encounters = new HashSet<>();
    csv("encounters").forEach(e -> encounters.add(e.get("Id")));
    Set<String> billed = new HashSet<>();
    Set<String> claimDiagnoses = new HashSet<>();
    for (Map<String, String> c : claims) {
      for (int i = 1; i <= 8; i++) {
        String dx = c.get("DIAGNOSIS" + i);
        if (dx != null && !dx.isEmpty()) {
          billed.add(c.get("PATIENTID") + "|" + dx);
          claimDiagnoses.add(c.get("Id") + "|" + c.get("PATIENTID") + "|" + dx);
        }
      }
    }
    Set<String> recorded = new HashSet<>();
    conditions.forEach(c -> recorded.add(c.get("PATIENT") + "|" + c.get("CODE")));
    long neverBilled = conditions.stream().filter(c -> !billed.contains(c.get("PATIENT") + "|" + c.get("CODE"))).count();
    long withoutRecord = claimDiagnoses.stream()
        .filter(k -> !recorded.contains(k.substring(k.indexOf('|') + 1))).count();
    long withoutEncounter = claims.stream().filter(c -> !encounters.contains(c.get("APPOINTMENTID"))).count();
    Map<String, BigDecimal> balance = new HashMap<>();
    for (Map<String, String> t : csv("claims_transactions")) {
      BigDecimal v = switch (t.get("TYPE")) {
        case "CHARGE" -> decimal(t.get("AMOUNT"));
        case "PAYMENT" -> decimal(t.get("PAYMENTS")).negate();
        case "ADJUSTMENT" -> decimal(t.get("ADJUSTMENTS")).negate();
        default -> BigDecimal.ZERO;
      };
      balance.merge(t.get("CLAIMID"), v, BigDecimal::add);
    }
    long mismatches = claims.stream().filter(c -> balance.getOrDefault(c.get("Id"), BigDecimal.ZERO)
        .subtract(decimal(c.get("OUTSTANDING1"))).subtract(decimal(c.get("OUTSTANDING2")))
        .subtract(decimal(c.get("OUTSTANDINGP"))).signum() != 0).count();
    assertThat(neverBilled + withoutRecord + mismatches).as("the sample disagrees with itself somewhere").isPositive();
    try (Connection c = login("etl")) {
      Map<String, Long> found = new HashMap<>();
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT finding, COUNT(*) FROM "
          + "snapshot.billing_reconciliation WHERE dt = '" + DAY + "' GROUP BY finding")) {
        while (rs.next()) {
          found.put(rs.getString(1), rs.getLong(2));
        }
      }
      assertThat(found.getOrDefault("CONDITION_NEVER_BILLED", 0L)).isEqualTo(neverBilled);
      assertThat(found.getOrDefault("DIAGNOSIS_WITHOUT_CLINICAL_RECORD", 0L)).isEqualTo(withoutRecord);
      assertThat(found.getOrDefault("CLAIM_WITHOUT_ENCOUNTER", 0L)).isEqualTo(withoutEncounter);
      assertThat(found.getOrDefault("CHARGES_PAYMENTS_MISMATCH", 0L)).isEqualTo(mismatches);
    }
  }

  private static BigDecimal decimal(String s) {
    return s == null || s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
  }

  /** Patient id to the organization of their latest encounter (the sample has no ties). */
  private static Map<String, String> latestEncounterOrganizations() throws Exception {
    Map<String, Map<String, String>> latest = new HashMap<>();
    for (Map<String, String> e : csv("encounters")) {
      latest.merge(e.get("PATIENT"), e, (a, b) -> a.get("START").compareTo(b.get("START")) >= 0 ? a : b);
    }
    Map<String, String> out = new HashMap<>();
    latest.forEach((p, e) -> out.put(p, e.get("ORGANIZATION")));
    return out;
  }

  /** A CSV of the sample as rows of header to value (quoted fields with commas read right). */
  private static List<Map<String, String>> csv(String table) throws Exception {
    CsvMapper mapper = new CsvMapper();
    try (MappingIterator<Map<String, String>> it = mapper.readerFor(Map.class)
        .with(CsvSchema.emptySchema().withHeader())
        .readValues(SampleData.sampleDirectory().resolve(table + ".csv").toFile())) {
      return it.readAll();
    }
  }

  @Test
  void stewardReadsTheRestrictedZoneAndCanReidentifyProfiles() throws Exception {
    Set<String> ssns = new HashSet<>(sampleColumn("patients", "SSN"));
    try (Connection c = login("steward1"); Statement st = c.createStatement();
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
    SafeHarborScanner scanner = scanner(sourceTruth());
    try (Connection c = login("etl")) {
      // every table and view the metastore lists, so a table added later is scanned without a change here
      for (String db : List.of(HqlFiles.CLINICAL_DB, HqlFiles.SNAPSHOT_DB)) {
        scanner.scanDatabase(c, db, Profile.SAFE_HARBOR);
      }
    }
    ProjectSchema hql = ProjectSchema.scan(Path.of(System.getProperty("carelake.home"), "hive", "hql"));
    List<String> created = new ArrayList<>();
    for (String db : List.of(HqlFiles.CLINICAL_DB, HqlFiles.SNAPSHOT_DB)) {
      created.addAll(hql.tablesOf(db)); // "db.table"
    }
    assertThat(created).as("the project's HQL").contains("snapshot.patient_profile", "snapshot.billing_reconciliation",
        "snapshot.condition_code_map", "snapshot.lab_reference_range", "clinical.patients");
    assertThat(scanner.tablesScanned).containsAll(created);
    assertThat(scanner.valuesScanned).isGreaterThan(50_000);
    assertThat(scanner.datesChecked).as("dates compared with their source rows").isGreaterThan(10_000);
    assertThat(new TreeSet<>(scanner.findings)).as("findings (one line per column and kind)").isEmpty();
  }

  @Test
  void theScannerCatchesEachKindOfIdentifierPlantedInAGeneralTable() throws Exception {
    // the scanner itself must be able to fail: views in clinical and clinical_limited (found by SHOW TABLES, as any
    // new table) that leak every patient's SSN, real birth date, first name and 5-digit ZIP
    SourceTruth truth = sourceTruth();
    SafeHarborScanner general = scanner(truth);
    SafeHarborScanner limited = scanner(truth);
    String leaks = "SELECT p.row_id, p.id AS patient_token, r.ssn AS note, r.birthdate AS born, r.first AS given, "
        + "r.zip AS area";
    try (Connection c = login("etl"); Statement st = c.createStatement()) {
      st.execute("CREATE VIEW clinical.scanner_probe AS " + leaks + ", r.zip AS zip3 FROM clinical.patients p "
          + "JOIN phi_restricted.patients r ON r.patient_token = p.id");
      st.execute("CREATE VIEW clinical_limited.scanner_probe AS " + leaks + " FROM clinical_limited.patients p "
          + "JOIN phi_restricted.patients r ON r.patient_token = p.id");
      try {
        assertThat(SafeHarborScanner.tablesOf(c, HqlFiles.CLINICAL_DB)).contains("scanner_probe");
        general.scanTable(c, HqlFiles.CLINICAL_DB, "scanner_probe", Profile.SAFE_HARBOR);
        limited.scanTable(c, HqlFiles.LIMITED_DB, "scanner_probe", Profile.LIMITED_DATA_SET);
      } finally {
        st.execute("DROP VIEW IF EXISTS clinical.scanner_probe");
        st.execute("DROP VIEW IF EXISTS clinical_limited.scanner_probe");
      }
    }
    String identifier = " holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member id) "
        + "as its whole value";
    assertThat(general.findings).contains(
        "clinical.scanner_probe.note holds an SSN-shaped value",
        "clinical.scanner_probe.born holds an unshifted source date of its patient",
        "clinical.scanner_probe.given" + identifier,
        "clinical.scanner_probe.area holds a source patient's 5-digit ZIP",
        "clinical.scanner_probe.zip3 holds a ZIP that is not three digits");
    // the limited data set may hold dates and ZIPs, never direct identifiers
    assertThat(limited.findings).contains("clinical_limited.scanner_probe.note holds an SSN-shaped value",
        "clinical_limited.scanner_probe.given" + identifier)
        .noneMatch(f -> f.contains(".born ") || f.contains(".area "));
  }

  @Test
  void theLimitedDataSetKeepsDatesAndOnlyResearchersStewardsAndEtlReadIt() throws Exception {
    SafeHarborScanner scanner = scanner(sourceTruth());
    try (Connection c = login("researcher1")) {
      // not the Safe Harbor scan (dates and ZIPs are allowed here): direct identifiers only
      scanner.scanDatabase(c, HqlFiles.LIMITED_DB, Profile.LIMITED_DATA_SET);
      assertThat(scanner.tablesScanned).hasSizeGreaterThanOrEqualTo(catalog.tables().size());
      assertThat(new TreeSet<>(scanner.findings)).as("no direct identifier in the limited data set").isEmpty();
      // dates as in the source, unshifted: the encounter start times equal the source database's
      Set<java.time.LocalDateTime> sourceStarts;
      try (Connection e = ehr.connect()) {
        sourceStarts = times(e, "SELECT start FROM encounters");
      }
      assertThat(times(c, "SELECT `start` FROM clinical_limited.encounters WHERE dt = '" + DAY + "'"))
          .isEqualTo(sourceStarts);
      try (Connection etl = login("etl")) {
        // the general zone's are shifted (the scanner checks each against its source row)
        assertThat(times(etl, "SELECT `start` FROM clinical.encounters WHERE dt = '" + DAY + "'"))
            .isNotEqualTo(sourceStarts);
      }
      assertThat(count(c, "SELECT COUNT(*) FROM clinical_limited.encounters WHERE dt = '" + DAY + "'"))
          .isEqualTo(csvRows.get("encounters"));
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patients"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    try (Connection c = login("analyst1")) {
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM clinical_limited.encounters"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    // the denial is audited: who, what, denied, and by the limited data set's policy (ranger-policies/, id 100)
    Map<String, Object> denial = AuditRecords.await(auditDir(), e -> "analyst1".equals(e.get("reqUser"))
        && String.valueOf(e.get("resource")).startsWith("clinical_limited/encounters")
        && Integer.valueOf(0).equals(e.get("result")), java.time.Duration.ofSeconds(20));
    assertThat(denial).containsEntry("policy", 100).containsEntry("action", "select")
        .containsEntry("reqData", "SELECT COUNT(*) FROM clinical_limited.encounters");
  }

  private Path auditDir() {
    return AuthorizationSettings.local(CareLakeHome.of(Path.of(System.getProperty("carelake.home"))).root(),
        settings.hiveBaseDir()).auditDir();
  }

  @Test
  void stewardsReidentifyThroughTheViewAndAnalystsAreDeniedAndAudited() throws Exception {
    Set<String> ssns = new HashSet<>(sampleColumn("patients", "SSN"));
    try (Connection c = login("steward1"); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT ssn, mrn, zip3 FROM phi_restricted.patient_profile_identified "
            + "WHERE dt = '" + DAY + "'")) {
      Set<String> found = new HashSet<>();
      while (rs.next()) {
        found.add(rs.getString(1));
        assertThat(rs.getString(2)).isNotBlank();
      }
      assertThat(found).isEqualTo(ssns);
    }
    try (Connection c = login("analyst1")) {
      assertThatThrownBy(() -> count(c, "SELECT COUNT(*) FROM phi_restricted.patient_profile_identified"))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"));
    }
    Map<String, Object> denial = AuditRecords.await(auditDir(), e -> "analyst1".equals(e.get("reqUser"))
        && String.valueOf(e.get("resource")).startsWith("phi_restricted/patient_profile_identified")
        && Integer.valueOf(0).equals(e.get("result")), java.time.Duration.ofSeconds(20));
    assertThat(denial).containsEntry("policy", 6);
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

  /** What the source databases hold, read with the lake's token key. */
  private SourceTruth sourceTruth() throws Exception {
    SourceTruth truth = new SourceTruth(org.carelake.split.keys.TokenKeys.read(new Configuration(settings.conf())));
    try (Connection e = ehr.connect(); Connection b = billing.connect()) {
      truth.load(catalog, e, "ehr");
      truth.load(catalog, b, "billing");
    }
    assertThat(truth.directIdentifiers).as("source identifiers").hasSizeGreaterThan(50);
    return truth;
  }

  private SafeHarborScanner scanner(SourceTruth truth) {
    return new SafeHarborScanner(catalog, truth, DAY);
  }
}
