package org.carelake.pipeline.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.backfill.BackfillRequest;
import org.carelake.pipeline.config.PipelineConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact requests the EMR backfill sends, against an in-process HTTP server that answers as
 * Oozie 5's REST API does (there is no Oozie server here). The job.properties are the real prod ones.
 */
class OozieBackfillTest {
  private static final Path HOME = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
  private static final ZoneId NY = ZoneId.of("America/New_York");

  private record Request(String method, String path, String query, String contentType, String body) {
  }

  private HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private String coordinatorsJson = "{\"total\":0,\"coordinatorjobs\":[]}";
  private int getStatus = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/oozie/v2/jobs", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String query = URLDecoder.decode(x.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
    requests.add(new Request(x.getRequestMethod(), x.getRequestURI().getPath(), query,
        x.getRequestHeaders().getFirst("Content-Type"), body));
    String answer;
    int status = 200;
    if (x.getRequestMethod().equals("GET") && getStatus != 200) {
      status = getStatus;
      answer = "";
      x.getResponseHeaders().add("oozie-error-message", "E0501: Could not perform authorization operation");
    } else if (x.getRequestMethod().equals("GET")) {
      answer = coordinatorsJson;
    } else if (!body.contains("<name>oozie.coord.application.path</name>")) {
      status = 400;
      answer = "";
      x.getResponseHeaders().add("oozie-error-message", "E0405: Submission request doesn't have any application or lib path");
    } else if (query.contains("action=dryrun")) {
      answer = "{\"id\":\"***coordJob after parsing: ***\\n<coordinator-app name=\\\"carelake-backfill\\\"/>\"}";
    } else {
      status = 201;
      answer = "{\"id\":\"0000042-270320000000000-oozie-oozi-C\"}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
    x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      x.getResponseBody().write(bytes);
    }
    x.close();
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/oozie";
  }

  private static Properties prod() {
    return OozieBackfill.load(HOME.resolve("oozie-workflows/env/prod/job.properties"));
  }

  private static BackfillRequest request(List<String> tables, boolean force) {
    DataCatalog catalog = DataCatalog.load(HOME.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
    return BackfillRequest.of(LocalDate.of(2027, 3, 12), LocalDate.of(2027, 3, 16), tables, force, catalog, NY,
        LocalDate.of(2027, 3, 20));
  }

  private static Map<String, String> properties(String xml) {
    Map<String, String> out = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("<property><name>([^<]*)</name><value>([^<]*)</value></property>").matcher(xml);
    while (m.find()) {
      out.put(m.group(1), m.group(2).replace("&amp;", "&"));
    }
    return out;
  }

  @Test
  void submitsTheBackfillCoordinatorWithLocalMidnightsAsUtcAfterCheckingNoneRuns() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String id = new OozieBackfill(url(), prod(), false, NY)
        .submit(request(List.of("observations"), true), false, new PrintStream(out, true, StandardCharsets.UTF_8));

    assertThat(id).isEqualTo("0000042-270320000000000-oozie-oozi-C");
    assertThat(requests).hasSize(2);
    Request check = requests.get(0);
    assertThat(check.method()).isEqualTo("GET");
    assertThat(check.path()).isEqualTo("/oozie/v2/jobs");
    assertThat(check.query()).contains("jobtype=coordinator").contains("user.name=etl")
        .contains("filter=status=RUNNING;status=PREP;");
    Request submit = requests.get(1);
    assertThat(submit.method()).isEqualTo("POST");
    assertThat(submit.query()).isEqualTo("action=start&user.name=etl");
    assertThat(submit.contentType()).isEqualTo("application/xml;charset=UTF-8");
    Map<String, String> conf = properties(submit.body());
    assertThat(conf).containsEntry("oozie.coord.application.path", "s3://carelake-prod-config/oozie/carelake-0.1.0/backfill")
        .containsEntry("backfillFrom", "2027-03-12").containsEntry("backfillTo", "2027-03-16")
        // EST before 2027-03-14, EDT from then on
        .containsEntry("backfillStart", "2027-03-12T05:00Z").containsEntry("backfillEnd", "2027-03-16T04:01Z")
        .containsEntry("tables", "observations").containsEntry("force", "true")
        .containsEntry("user.name", "etl").containsEntry("manifestRoot", "s3://carelake-prod-general/_manifests")
        .containsEntry("ehrJdbcUrl",
            "jdbc:postgresql://ehr-db.prod.carelake.internal:5432/ehr?ssl=true&sslmode=verify-full");
    assertThat(conf.keySet()).noneMatch(k -> k.toLowerCase().contains("password"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("0000042-270320000000000-oozie-oozi-C")
        .contains("oozie job -oozie " + url() + " -info");
  }

  @Test
  void aRunningBackfillCoordinatorIsTheLockOnEmr() {
    coordinatorsJson = "{\"total\":2,\"coordinatorjobs\":[{\"coordJobId\":\"0000007-x-C\",\"coordJobName\":"
        + "\"carelake-daily\",\"status\":\"RUNNING\"},{\"coordJobId\":\"0000040-x-C\",\"coordJobName\":"
        + "\"carelake-backfill-2027-02-01-2027-02-28\",\"status\":\"RUNNING\"}]}";
    assertThatThrownBy(() -> new OozieBackfill(url(), prod(), false, NY).submit(request(List.of(), false), false,
        System.out)).isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining("0000040-x-C (carelake-backfill-2027-02-01-2027-02-28) is RUNNING")
        .hasMessageContaining("-kill 0000040-x-C");
    assertThat(requests).extracting(Request::method).containsExactly("GET");
  }

  @Test
  void dryRunAsksOozieToMaterializeAndSubmitsNothing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new OozieBackfill(url(), prod(), false, NY).submit(request(List.of(), false), true,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(requests).extracting(Request::query).containsExactly("action=dryrun&user.name=etl");
    assertThat(properties(requests.get(0).body())).containsEntry("tables", "all").containsEntry("force", "false");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("coordJob after parsing");
  }

  @Test
  void oozieErrorsAndAZoneMismatchAreReportedWithTheFix() {
    getStatus = 401;
    assertThatThrownBy(() -> new OozieBackfill(url(), prod(), false, NY).submit(request(List.of(), false), false,
        System.out)).isInstanceOf(IOException.class)
        .hasMessageContaining("answered HTTP 401: E0501: Could not perform authorization operation")
        .hasMessageContaining("carelake.oozie.url");
    assertThatThrownBy(() -> new OozieBackfill(url(), prod(), false, ZoneId.of("America/Chicago"))
        .submit(request(List.of(), false), false, System.out))
        .hasMessageContaining("facilityTimeZone=America/New_York but carelake.facility.timezone is America/Chicago");
    assertThatThrownBy(() -> new OozieBackfill("http://127.0.0.1:1/oozie", prod(), false, NY)
        .submit(request(List.of(), false), true, System.out)).isInstanceOf(IOException.class);
  }
}
