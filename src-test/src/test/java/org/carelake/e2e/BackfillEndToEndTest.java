package org.carelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.carelake.pipeline.cli.CareLakeCli;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.pipeline.run.RunLock;
import org.carelake.sources.SampleData;
import org.carelake.sources.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;

/**
 * `carelake backfill` as a DBA runs it, on PostgreSQL and the real pipeline: two days of
 * observations, the second fails (too many quarantined rows; its lineage says so), the same command resumes at it
 * once the source is fixed, and a forced rebuild of the first day yields the same partitions,
 * record for record, as the first build (the window selects the same rows; no merge job).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillEndToEndTest {
  private static final LocalDate D1 = LocalDate.of(2026, 10, 5);
  private static final LocalDate D2 = D1.plusDays(1);
  /** observations rows modified on D2 instead of D1; every third one has a blank code (quarantined). */
  private static final int MOVED = 30;
  private static final int BLANK_CODES = 10;

  private ScratchDatabase ehr;
  private ScratchDatabase billing;
  /** One work directory (lake, metastore, token key, lock, backfill state) for the whole class. */
  private Path work;

  @BeforeAll
  void loadSources(@TempDir Path dir) throws Exception {
    work = dir;
    ehr = ScratchDatabase.postgres("e2e_bf_ehr");
    billing = ScratchDatabase.mariadb("e2e_bf_billing");
    SampleData.loader().csvDirectory(SampleData.sampleDirectory()).catalog(SampleData.catalog())
        .database("ehr", ehr.url(), ehr.user(), ehr.password())
        .database("billing", billing.url(), billing.user(), billing.password())
        .modifiedOn(D1).replaceTables(true).build().load();
    try (Connection c = ehr.connect(); Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("UPDATE observations SET last_modified = TIMESTAMP '" + D2 + " 12:00:00' "
          + "WHERE row_id <= " + MOVED)).isEqualTo(MOVED);
      assertThat(st.executeUpdate("UPDATE observations SET code = '' WHERE row_id <= " + MOVED
          + " AND MOD(row_id, 3) = 0")).isEqualTo(BLANK_CODES);
    }
  }

  @AfterAll
  void dropSources() throws Exception {
    if (ehr != null) {
      ehr.close();
    }
    if (billing != null) {
      billing.close();
    }
  }

  private record Run(int exit, String out) {
  }

  private Run backfill(String... args) {
    List<String> all = new ArrayList<>(List.of("backfill"));
    all.addAll(List.of(args));
    all.addAll(List.of("--work-dir", work.toString(), "-D", "carelake.source.ehr.url=" + ehr.url(),
        "-D", "carelake.source.ehr.user=" + ehr.user(), "-D", "carelake.source.billing.url=" + billing.url(),
        "-D", "carelake.source.billing.user=" + billing.user(),
        // D2 quarantines a third of its rows: above this threshold, its split fails. The per-table key
        // overrides the catalog's 0.05 for observations (the general carelake.split.quarantine.threshold
        // would not: it applies only to tables the catalog gives none); the FAIL event names the 0.2
        "-D", "carelake.split.quarantine.threshold.observations=0.2"));
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = CareLakeCli.execute(all.toArray(new String[0]));
    } finally {
      System.setOut(old);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    return new Run(exit, out);
  }

  private Path lake(String relative) {
    return work.resolve("lake").resolve(relative);
  }

  /** Every record of a staging partition as text, sorted: file names and sync markers differ between builds. */
  private static List<String> avroRecords(Path partition) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(partition)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".avro")).toList()) {
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
          r.forEach(rec -> out.add(rec.toString()));
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** The zones are Parquet-encrypted: read them with the work directory's local key provider. */
  private Configuration zoneReaderConf() {
    Configuration conf = new Configuration();
    PipelineConf.setWorkDir(conf, work);
    Settings settings = Settings.resolve(conf, CareLakeHome.of(Path.of(System.getProperty("carelake.home"))));
    Configuration reader = new Configuration();
    CryptoConf.readerSettings(settings.conf()).forEach(reader::set);
    return reader;
  }

  private List<String> parquetRows(Path partition) throws IOException {
    Configuration conf = zoneReaderConf();
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(partition)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
        try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(),
            new org.apache.hadoop.fs.Path(f.toUri())).withConf(conf).build()) {
          for (Group g = r.read(); g != null; g = r.read()) {
            out.add(g.toString());
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> lines(Path partition) throws IOException {
    return Files.exists(partition) ? avroRecords(partition) : List.of();
  }

  private List<String> staging1;
  private List<String> general1;

  @Test
  @Order(1)
  void aFailedDayStopsTheBackfillAndTheSameCommandResumesThere() throws Exception {
    Run dry = backfill("--from", D1.toString(), "--to", D2.toString(), "--tables", "observations", "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains(D1 + "   would run").contains(D2 + "   would run");
    assertThat(lake("staging")).doesNotExist();

    Run first = backfill("--from", D1.toString(), "--to", D2.toString(), "--tables", "observations");
    assertThat(first.exit()).as(first.out()).isEqualTo(1);
    assertThat(first.out()).contains(D1 + "   done").contains(D2 + "   FAILED")
        .contains("Backfill stopped at " + D2 + ".").contains("rerun the same command: it resumes at " + D2);
    assertThat(lake("staging/ehr/observations/dt=" + D1 + "/_SUCCESS")).exists();
    assertThat(lake("general/observations/dt=" + D2)).doesNotExist();
    staging1 = avroRecords(lake("staging/ehr/observations/dt=" + D1));
    general1 = parquetRows(lake("general/observations/dt=" + D1));
    // the window: the moved rows are D2's, not D1's
    assertThat(avroRecords(lake("staging/ehr/observations/dt=" + D2))).hasSize(MOVED);
    assertThat(staging1).noneMatch(r -> r.contains("\"row_id\": 1,"));
    assertThat(RunLock.file(work)).content().isEmpty();
    theFailedDaysLineageNamesTheSplitAndTheQuarantineThreshold();

    // the DBA puts the right codes back (row_id = line of the sample's observations.csv), then reruns
    // the same command; a wrong code would now be quarantined as an impossible vital or unknown code
    List<String> csv = Files.readAllLines(SampleData.sampleDirectory().resolve("observations.csv"), StandardCharsets.UTF_8);
    try (Connection c = ehr.connect();
        java.sql.PreparedStatement st = c.prepareStatement("UPDATE observations SET code = ? WHERE row_id = ?")) {
      for (int rowId = 3; rowId <= MOVED; rowId += 3) {
        st.setString(1, csv.get(rowId).split(",", -1)[4]);
        st.setLong(2, rowId);
        assertThat(st.executeUpdate()).isEqualTo(1);
      }
    }
    Run resumed = backfill("--from", D1.toString(), "--to", D2.toString(), "--tables", "observations");
    assertThat(resumed.exit()).as(resumed.out()).isZero();
    assertThat(resumed.out()).contains("Resuming the backfill started")
        .contains(D1 + "   skipped, done earlier in this backfill").contains(D2 + "   done");
    assertThat(parquetRows(lake("general/observations/dt=" + D2))).hasSize(MOVED);
    assertThat(work.resolve("backfills")).isEmptyDirectory();
  }

  /** D2's run lineage: the split's FAIL names the step and why (the threshold), and the run fails with it. */
  private void theFailedDaysLineageNamesTheSplitAndTheQuarantineThreshold() throws IOException {
    List<Path> runs;
    try (Stream<Path> files = Files.list(lake("_lineage/dt=" + D2))) {
      runs = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList();
    }
    assertThat(runs).as("D2 ran once").hasSize(1);
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(runs.get(0))) {
      events.add(json.readTree(line));
    }
    String reason = "quarantined " + BLANK_CODES + " of " + MOVED + " rows";
    JsonNode split = events.stream().filter(e -> e.path("job").path("name").asText().equals("nightly.split.observations")
        && e.path("eventType").asText().equals("FAIL")).findFirst()
        .orElseThrow(() -> new AssertionError("no FAIL event of the split in " + runs.get(0)));
    assertThat(split.path("run").path("facets").path("errorMessage").path("message").asText())
        .startsWith("step 'split observations' failed: ").contains(reason).contains("threshold 0.2 ");
    JsonNode run = events.get(events.size() - 1);
    assertThat(run.path("job").path("name").asText()).isEqualTo("nightly");
    assertThat(run.path("eventType").asText()).isEqualTo("FAIL");
    assertThat(run.path("run").path("facets").path("errorMessage").path("message").asText())
        .startsWith("step 'split observations' failed: ").contains(reason);
    assertThat(run.path("run").path("facets").path("carelake").path("manifest").asText())
        .contains("/_manifests/dt=" + D2 + "/");
  }

  @Test
  @Order(2)
  void aForcedRebuildOfADayYieldsTheSamePartitionsRecordForRecord() throws Exception {
    // a partial (--tables) run never marks a day complete: it would run again without --force too
    Run again = backfill("--from", D1.toString(), "--to", D1.toString(), "--tables", "observations", "--dry-run");
    assertThat(again.out()).contains(D1 + "   would run");

    Run forced = backfill("--from", D1.toString(), "--to", D1.toString(), "--tables", "observations", "--force");
    assertThat(forced.exit()).as(forced.out()).isZero();
    assertThat(avroRecords(lake("staging/ehr/observations/dt=" + D1))).isEqualTo(staging1).hasSizeGreaterThan(1000);
    List<String> general2 = parquetRows(lake("general/observations/dt=" + D1));
    List<String> onlyFirst = new ArrayList<>(general1);
    onlyFirst.removeAll(general2);
    List<String> onlySecond = new ArrayList<>(general2);
    onlySecond.removeAll(general1);
    assertThat(onlySecond).as("rows only in the rebuild (first build had %s)",
        onlyFirst.subList(0, Math.min(3, onlyFirst.size()))).isEmpty();
    assertThat(general2).isEqualTo(general1);
    assertThat(lines(lake("staging/ehr/observations/dt=" + D2))).hasSize(MOVED);
  }
}
