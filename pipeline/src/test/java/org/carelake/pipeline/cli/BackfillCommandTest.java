package org.carelake.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `carelake backfill` as typed: exit status, messages, the dry-run plan, and the EMR submission path. */
class BackfillCommandTest {
  private static final Path HOME = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();

  private record Run(int exit, String out, String err) {
  }

  private static Run cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return new Run(CareLakeCli.execute(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void badArgumentsExit64WithTheFix(@TempDir Path work) {
    Run reversed = cli("backfill", "--from", "2026-01-05", "--to", "2026-01-01", "--work-dir", work.toString());
    assertThat(reversed.exit()).isEqualTo(64);
    assertThat(reversed.err()).contains("--to 2026-01-01 is before --from 2026-01-05");

    LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
    Run future = cli("backfill", "--from", today.minusDays(2).toString(), "--to", today.toString(),
        "--work-dir", work.toString());
    assertThat(future.exit()).isEqualTo(64);
    assertThat(future.err()).contains(today + " is not over yet");

    Run unknown = cli("backfill", "--from", "2026-01-01", "--to", "2026-01-02", "--tables", "observations,xrays",
        "--work-dir", work.toString());
    assertThat(unknown.exit()).isEqualTo(64);
    assertThat(unknown.err()).contains("xrays not in the catalog");

    Run notADate = cli("backfill", "--from", "2026-13-01", "--to", "2026-01-02", "--work-dir", work.toString());
    assertThat(notADate.exit()).isEqualTo(64);
    assertThat(notADate.err()).contains("--from 2026-13-01 is not a date");
    assertThat(work.resolve("lake")).doesNotExist();
  }

  @Test
  void dryRunPlansEachDaySkippingCompleteOnesUnlessForced(@TempDir Path work) throws Exception {
    Path flag = work.resolve("lake/_manifests/dt=2026-01-02/_SUCCESS");
    Files.createDirectories(flag.getParent());
    Files.createFile(flag);

    Run plan = cli("backfill", "--from", "2026-01-01", "--to", "2026-01-03", "--dry-run", "--work-dir", work.toString());
    assertThat(plan.exit()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("2026-01-01   would run", "2026-01-02   skipped, already complete",
        "2026-01-03   would run");

    Run forced = cli("backfill", "--from", "2026-01-01", "--to", "2026-01-03", "--dry-run", "--force",
        "--work-dir", work.toString());
    assertThat(forced.out()).contains("2026-01-02   would run");
    assertThat(work.resolve("locks")).doesNotExist();
  }

  @Test
  void withAnOozieUrlTheBackfillCoordinatorIsSubmitted(@TempDir Path work) throws Exception {
    List<String> requests = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/oozie/v2/jobs", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(x.getRequestMethod() + " " + x.getRequestURI().getRawQuery() + " " + body);
      byte[] answer = (x.getRequestMethod().equals("GET") ? "{\"coordinatorjobs\":[]}"
          : "{\"id\":\"0000001-000000000000000-oozie-oozi-C\"}").getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, answer.length);
      x.getResponseBody().write(answer);
      x.close();
    });
    server.start();
    try {
      Run run = cli("backfill", "--from", "2026-01-01", "--to", "2026-01-03", "--tables", "observations",
          "--work-dir", work.toString(),
          "-D", "carelake.oozie.url=http://127.0.0.1:" + server.getAddress().getPort() + "/oozie",
          "-D", "carelake.oozie.job.properties=" + HOME.resolve("oozie-workflows/env/dev/job.properties"));
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("as Oozie coordinator 0000001-000000000000000-oozie-oozi-C");
      assertThat(requests).hasSize(2);
      assertThat(requests.get(1)).startsWith("POST action=start")
          .contains("<name>backfillStart</name><value>2026-01-01T05:00Z</value>")
          .contains("<name>backfillEnd</name><value>2026-01-03T05:01Z</value>")
          .contains("<name>tables</name><value>observations</value>");
      // nothing ran here
      assertThat(work.resolve("lake")).doesNotExist();

      Run missing = cli("backfill", "--from", "2026-01-01", "--to", "2026-01-03", "--work-dir", work.toString(),
          "-D", "carelake.oozie.url=http://127.0.0.1:" + server.getAddress().getPort() + "/oozie");
      assertThat(missing.exit()).isEqualTo(64);
      assertThat(missing.err()).contains("carelake.oozie.job.properties is not");
    } finally {
      server.stop(0);
    }
  }
}
