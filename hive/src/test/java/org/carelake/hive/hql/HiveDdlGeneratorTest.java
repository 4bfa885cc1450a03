package org.carelake.hive.hql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveDdlGeneratorTest {
  static final Path HOME = Path.of(System.getProperty("carelake.home"));
  static final DataCatalog CATALOG = DataCatalog.load(HOME.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));

  /** A two-table catalog: one with identifiers (restricted zone), one reference table without. */
  static final String SMALL_CATALOG = """
      {"sources": {"ehr": "EHR"},
       "tables": [
        {"name": "patients", "source": "ehr", "import": "windowed", "description": "people", "key": "id",
         "patient": "id", "columns": [
          {"name": "row_id", "type": "bigint", "treatment": "TOKENIZE", "safe_harbor": "OTHER_UNIQUE_ID", "domain": "row.patients"},
          {"name": "id", "type": "id", "treatment": "TOKENIZE", "safe_harbor": "MEDICAL_RECORD_NUMBER", "domain": "patient", "note": "MRN"},
          {"name": "birthdate", "type": "date", "treatment": "YEAR_ONLY", "safe_harbor": "DATES"},
          {"name": "ssn", "type": "string", "treatment": "RESTRICTED_ONLY", "safe_harbor": "SSN", "note": "the person's SSN"},
          {"name": "zip", "type": "string", "treatment": "ZIP3", "safe_harbor": "GEOGRAPHY"},
          {"name": "balance", "type": "decimal(14,2)", "treatment": "KEEP"},
          {"name": "last_modified", "type": "timestamp", "treatment": "DROP"}]},
        {"name": "organizations", "source": "ehr", "import": "full", "description": "sites", "key": "id",
         "columns": [
          {"name": "row_id", "type": "bigint", "treatment": "TOKENIZE", "safe_harbor": "OTHER_UNIQUE_ID", "domain": "row.organizations"},
          {"name": "id", "type": "id", "treatment": "KEEP"},
          {"name": "last_modified", "type": "timestamp", "treatment": "DROP"}]}]}
      """;

  @Test
  void theCommittedHqlIsWhatTheCatalogGenerates() throws Exception {
    HiveDdlGenerator generator = new HiveDdlGenerator(CATALOG);
    for (Map.Entry<String, String> f : generator.files().entrySet()) {
      Path committed = HOME.resolve(f.getKey());
      assertThat(committed).as("%s is missing; generate it with: %s", f.getKey(), HiveDdlGenerator.REGENERATE)
          .exists();
      assertThat(Files.readString(committed))
          .as("%s differs from what %s generates; regenerate it with: %s", f.getKey(),
              DataCatalog.DEFAULT_RELATIVE_PATH, HiveDdlGenerator.REGENERATE)
          .isEqualTo(f.getValue());
    }
    assertThat(generator.staleFiles(HOME)).isEmpty();
  }

  @Test
  void generalTablesHoldExactlyTheGeneralColumnsWithTheirTreatment() {
    HiveDdlGenerator g = new HiveDdlGenerator(DataCatalog.parse(SMALL_CATALOG, "small"));
    String clinical = g.clinicalTables();
    assertThat(clinical).contains("""
        CREATE EXTERNAL TABLE IF NOT EXISTS clinical.patients (
          `row_id` STRING COMMENT 'TOKENIZE (row.patients)',
          `id` STRING COMMENT 'TOKENIZE (patient): MRN',
          `birthdate_year` INT COMMENT 'YEAR_ONLY of birthdate',
          `zip3` STRING COMMENT 'ZIP3 of zip',
          `balance` DECIMAL(14,2) COMMENT 'KEEP'
        )
        COMMENT 'de-identified rows of ehr.patients (people)'
        PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
        STORED AS PARQUET
        LOCATION '${general_root}/patients';
        """);
    assertThat(clinical).contains("CREATE EXTERNAL TABLE IF NOT EXISTS clinical.organizations (");
    assertThat(clinical).doesNotContain("ssn", "last_modified", "`birthdate`", "`zip`");
  }

  @Test
  void restrictedTablesOnlyForTablesWithIdentifiersQuarantineForAll() {
    HiveDdlGenerator g = new HiveDdlGenerator(DataCatalog.parse(SMALL_CATALOG, "small"));
    String phi = g.phiRestrictedTables();
    assertThat(phi).contains("""
        CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.patients (
          `patient_token` STRING COMMENT 'patient token: keyed HMAC of the MRN, joins the general zone',
          `record_token` STRING COMMENT 'token of the row key id, as in the general zone',
          `id` STRING COMMENT 'original value (general zone: TOKENIZE patient): MRN',
          `birthdate` DATE COMMENT 'original value (general zone: YEAR_ONLY as birthdate_year)',
          `ssn` STRING COMMENT 'original value, kept only here: the person\\'s SSN',
          `zip` STRING COMMENT 'original value (general zone: ZIP3 as zip3)'
        )""");
    assertThat(phi).contains("LOCATION '${restricted_root}/patients';");
    assertThat(phi).doesNotContain("phi_restricted.organizations (");
    assertThat(phi).contains("phi_restricted.patients_quarantine (", "phi_restricted.organizations_quarantine (",
        "LOCATION '${quarantine_root}/organizations';");
  }

  @Test
  void partitionsAreAddedForEveryTableOfEveryZone() {
    String partitions = new HiveDdlGenerator(CATALOG).addPartitions();
    List<HqlStatement> statements = HqlScript.parse(partitions, "add_partitions.hql").bind(Map.of(
        "dt", "2024-03-02", "general_root", "/g", "limited_root", "/l", "restricted_root", "/r", "quarantine_root", "/q"));
    long restricted = CATALOG.tables().stream().filter(TableSpec::hasRestrictedZone).count();
    // clinical, clinical_limited (the catalog's limited target) and quarantine for every table
    assertThat(statements).hasSize((int) (3 * CATALOG.tables().size() + restricted));
    assertThat(statements).extracting(HqlStatement::sql).contains(
        "ALTER TABLE clinical.observations ADD IF NOT EXISTS PARTITION (dt='2024-03-02') "
            + "LOCATION '/g/observations/dt=2024-03-02'",
        "ALTER TABLE phi_restricted.patients ADD IF NOT EXISTS PARTITION (dt='2024-03-02') "
            + "LOCATION '/r/patients/dt=2024-03-02'",
        "ALTER TABLE clinical_limited.encounters ADD IF NOT EXISTS PARTITION (dt='2024-03-02') "
            + "LOCATION '/l/encounters/dt=2024-03-02'",
        "ALTER TABLE phi_restricted.claims_transactions_quarantine ADD IF NOT EXISTS PARTITION (dt='2024-03-02') "
            + "LOCATION '/q/claims_transactions/dt=2024-03-02'");
  }

  @Test
  void checkReportsStaleFilesAndWriteFixesThem(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve("catalog"));
    Files.writeString(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH), SMALL_CATALOG);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertThat(HiveDdlGenerator.run(new String[] {"--home", home.toString(), "--check"}, o, e)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(HqlFiles.CLINICAL_TABLES, "--write");

    assertThat(HiveDdlGenerator.run(new String[] {"--home", home.toString(), "--write"}, o, e)).isZero();
    assertThat(home.resolve(HqlFiles.CLINICAL_TABLES)).content().contains("clinical.organizations");
    assertThat(HiveDdlGenerator.run(new String[] {"--home", home.toString(), "--check"}, o, e)).isZero();

    // a hand edit makes the file stale again
    Files.writeString(home.resolve(HqlFiles.ADD_PARTITIONS), "-- edited\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(HiveDdlGenerator.run(new String[] {"--home", home.toString()}, o, e)).isEqualTo(1);
    assertThat(HiveDdlGenerator.run(new String[] {"--bogus"}, o, e)).isEqualTo(2);
  }

  @Test
  void anOverlongCommentFailsNamingTheColumn() {
    String json = SMALL_CATALOG.replace("\"note\": \"MRN\"", "\"note\": \"" + "x".repeat(300) + "\"");
    HiveDdlGenerator g = new HiveDdlGenerator(DataCatalog.parse(json, "long"));
    assertThatThrownBy(g::clinicalTables).isInstanceOf(HqlException.class).hasMessageContaining("patients.id");
  }
}
