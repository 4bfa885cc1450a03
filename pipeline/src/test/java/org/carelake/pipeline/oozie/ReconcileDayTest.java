package org.carelake.pipeline.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow's reconcile action on real Parquet partitions and import result files. */
class ReconcileDayTest {
  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message r { required int64 id; }");
  private final Path catalog = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize()
      .resolve("catalog/data-classification.json");

  private static void partition(Path dir, int rows, boolean committed) throws Exception {
    Files.createDirectories(dir);
    try (ParquetWriter<org.apache.parquet.example.data.Group> w = ExampleParquetWriter
        .builder(new org.apache.hadoop.fs.Path(dir.resolve("part-m-00000.parquet").toUri())).withType(SCHEMA).build()) {
      SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
      for (int i = 0; i < rows; i++) {
        w.write(f.newGroup().append("id", (long) i));
      }
    }
    if (committed) {
      Files.createFile(dir.resolve("_SUCCESS"));
    }
  }

  private static void importResult(Path dir, String table, long source, long staged) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(table + ".json"), "{\"table\":\"" + table + "\",\"sourceRows\":" + source
        + ",\"stagedRows\":" + staged + ",\"status\":\"SUCCEEDED\"}");
  }

  private record Run(int exit, String out) {
  }

  private Run run(Path tmp, String tables) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = ReconcileDay.run(new String[] {"--catalog", catalog.toString(), "--date", "2027-03-14",
        "--tables", tables, "--imports", tmp.resolve("imports").toString(),
        "--general-root", tmp.resolve("general").toString(), "--restricted-root", tmp.resolve("restricted").toString(),
        "--quarantine-root", tmp.resolve("quarantine").toString(), "--manifest", tmp.resolve("manifest.json").toString()},
        new Configuration(), new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void countsFromTheFootersMustAddUpForEveryTable(@TempDir Path tmp) throws Exception {
    // patients has a restricted zone, observations does not
    importResult(tmp.resolve("imports"), "patients", 10, 10);
    partition(tmp.resolve("general/patients/dt=2027-03-14"), 9, true);
    partition(tmp.resolve("restricted/patients/dt=2027-03-14"), 9, true);
    partition(tmp.resolve("quarantine/patients/dt=2027-03-14"), 1, true);
    importResult(tmp.resolve("imports"), "observations", 7, 7);
    partition(tmp.resolve("general/observations/dt=2027-03-14"), 7, true);
    partition(tmp.resolve("quarantine/observations/dt=2027-03-14"), 0, true);

    Run ok = run(tmp, "patients,observations");
    assertThat(ok.exit()).as(ok.out()).isZero();
    JsonNode manifest = new ObjectMapper().readTree(tmp.resolve("manifest.json").toFile());
    assertThat(manifest.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(manifest.path("tables").get(0).path("general_rows").asLong()).isEqualTo(9);
    assertThat(manifest.path("tables").get(0).path("restricted_rows").asLong()).isEqualTo(9);

    // one restricted row lost, and an uncommitted quarantine partition
    partition(tmp.resolve("restricted2/patients/dt=2027-03-14"), 8, true);
    Files.delete(tmp.resolve("quarantine/observations/dt=2027-03-14/_SUCCESS"));
    Files.move(tmp.resolve("restricted"), tmp.resolve("restricted-old"));
    Files.move(tmp.resolve("restricted2"), tmp.resolve("restricted"));
    Run bad = run(tmp, "patients,observations");
    assertThat(bad.exit()).isEqualTo(ReconcileDay.EXIT_NOT_RECONCILED);
    assertThat(bad.out()).contains("restricted 8 != general 9").contains("has no _SUCCESS")
        .contains("backfill --from 2027-03-14 --to 2027-03-14 --force");
    assertThat(new ObjectMapper().readTree(tmp.resolve("manifest.json").toFile()).path("status").asText())
        .isEqualTo("NOT_RECONCILED");
  }

  @Test
  void aMissingImportResultAndBadArgumentsAreNamed(@TempDir Path tmp) throws Exception {
    partition(tmp.resolve("general/observations/dt=2027-03-14"), 3, true);
    partition(tmp.resolve("quarantine/observations/dt=2027-03-14"), 0, true);
    Run run = run(tmp, "observations");
    assertThat(run.exit()).isEqualTo(ReconcileDay.EXIT_NOT_RECONCILED);
    assertThat(run.out()).contains("no import result");

    assertThat(run(tmp, "observations,shoes").exit()).isEqualTo(ReconcileDay.EXIT_USAGE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ReconcileDay.run(new String[] {"--date", "2027-03-14"}, new Configuration(),
        new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(ReconcileDay.EXIT_USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--catalog", "--manifest");
    assertThat(List.of(ReconcileDay.USAGE)).allSatisfy(u -> assertThat(u).contains("--imports"));
  }
}
