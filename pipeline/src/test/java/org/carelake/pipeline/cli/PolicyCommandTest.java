package org.carelake.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `scripts/carelake policy validate | check | push` through the command line's entry point. push
 * goes to a local HTTP server standing in for Ranger Admin, which checks the request Ranger Admin's
 * import endpoint documents (ServiceREST.importPoliciesFromFile) and answers as it would.
 */
class PolicyCommandTest {
  static final Path HOME = Path.of(System.getProperty("carelake.home"));
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  HttpServer admin;
  final List<Map<String, Object>> requests = new ArrayList<>();
  int answer = 204;

  record Run(int exit, String out, String err) {
  }

  static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = System.out;
    PrintStream e = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = CareLakeCli.execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  @BeforeEach
  void rangerAdmin() throws Exception {
    admin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    admin.createContext("/", this::handle);
    admin.start();
  }

  @AfterEach
  void stop() {
    admin.stop(0);
  }

  /** Records what arrived, in the parts Ranger Admin reads, and answers with {@link #answer}. */
  void handle(HttpExchange x) throws java.io.IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("method", x.getRequestMethod());
    r.put("path", x.getRequestURI().getPath());
    r.put("query", x.getRequestURI().getQuery());
    r.put("authorization", x.getRequestHeaders().getFirst("Authorization"));
    r.put("xsrf", x.getRequestHeaders().getFirst("X-XSRF-HEADER"));
    String type = x.getRequestHeaders().getFirst("Content-Type");
    r.put("contentType", type);
    byte[] body = x.getRequestBody().readAllBytes();
    Matcher b = Pattern.compile("boundary=(.+)$").matcher(type == null ? "" : type);
    if (b.find()) {
      r.put("parts", parts(new String(body, StandardCharsets.UTF_8), b.group(1)));
    }
    requests.add(r);
    x.sendResponseHeaders(answer, answer == 204 ? -1 : 0);
    if (answer != 204) {
      x.getResponseBody().write("{\"msgDesc\":\"Authentication required\"}".getBytes(StandardCharsets.UTF_8));
    }
    x.close();
  }

  /** name to (filename, content) of each form part. */
  static Map<String, String[]> parts(String body, String boundary) {
    Map<String, String[]> out = new LinkedHashMap<>();
    for (String part : body.split("--" + Pattern.quote(boundary))) {
      Matcher m = Pattern.compile("Content-Disposition: form-data; name=\"([^\"]+)\"; filename=\"([^\"]+)\"\r\n"
          + "Content-Type: ([^\r]+)\r\n\r\n(.*)\r\n$", Pattern.DOTALL).matcher(part);
      if (m.find()) {
        out.put(m.group(1), new String[] {m.group(2), m.group(4), m.group(3)});
      }
    }
    return out;
  }

  Path credentials(String perms) throws Exception {
    Path f = tmp.resolve("ranger-admin.properties");
    Files.writeString(f, "username=admin\npassword=s3cret!pw\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  String url() {
    return "http://localhost:" + admin.getAddress().getPort();
  }

  @Test
  void pushSendsTheDocumentedImportRequestWithEveryPolicyOfTheDirectory() throws Exception {
    Run r = cli("policy", "push", "--admin", url(), "--credentials", credentials("rw-------").toString(),
        "--target-service", "cl_hive");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Imported").contains("into service cl_hive");
    assertThat(requests).hasSize(1);
    Map<String, Object> q = requests.get(0);
    assertThat(q).containsEntry("method", "POST")
        .containsEntry("path", "/service/plugins/policies/importPoliciesFromFile")
        .containsEntry("query", "isOverride=true&serviceType=hive")
        .containsEntry("authorization", "Basic " + Base64.getEncoder().encodeToString(
            "admin:s3cret!pw".getBytes(StandardCharsets.UTF_8)))
        .containsEntry("xsrf", "valid");
    assertThat((String) q.get("contentType")).startsWith("multipart/form-data; boundary=");
    @SuppressWarnings("unchecked")
    Map<String, String[]> parts = (Map<String, String[]>) q.get("parts");
    assertThat(parts).containsOnlyKeys("file", "servicesMapJson");
    // Ranger Admin accepts only a file whose name ends with "json"
    assertThat(parts.get("file")[0]).endsWith(".json");
    JsonNode doc = JSON.readTree(parts.get("file")[1]);
    assertThat(doc.has("metaDataInfo")).isTrue();
    List<Long> pushed = new ArrayList<>();
    doc.get("policies").forEach(p -> pushed.add(p.get("id").asLong()));
    List<Long> inFiles = new ArrayList<>();
    try (Stream<Path> files = Files.list(HOME.resolve("ranger-policies"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JSON.readTree(f.toFile()).get("policies").forEach(p -> inFiles.add(p.get("id").asLong()));
      }
    }
    assertThat(pushed).isEqualTo(inFiles).contains(1L, 6L, 20L, 30L);
    assertThat(JSON.readTree(parts.get("servicesMapJson")[1])).isEqualTo(JSON.readTree("{\"carelake_hive\":\"cl_hive\"}"));
    assertThat(r.out() + r.err()).doesNotContain("s3cret");
  }

  @Test
  void refusedCredentialsAreReportedAndAnOpenCredentialsFileIsNeverSent() throws Exception {
    answer = 401;
    Run refused = cli("policy", "push", "--admin", url(), "--credentials", credentials("rw-------").toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("refused user 'admin' (HTTP 401)").contains("credentials file")
        .doesNotContain("s3cret");

    requests.clear();
    Run open = cli("policy", "push", "--admin", url(), "--credentials", credentials("rw-r--r--").toString());
    assertThat(open.exit()).isNotZero();
    assertThat(open.err()).contains("chmod 600");
    assertThat(requests).as("nothing was sent").isEmpty();
  }

  @Test
  void anInvalidDirectoryIsNeitherValidNorPushed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("policies"));
    String text = Files.readString(HOME.resolve("ranger-policies/hive-policies.json"))
        .replaceFirst("(\"id\": 21,[\\s\\S]*?)\"encounters\"", "$1\"encounter\"");
    Files.writeString(dir.resolve("hive-policies.json"), text);
    Run validate = cli("policy", "validate", "--policies", dir.toString());
    assertThat(validate.exit()).isEqualTo(1);
    assertThat(validate.err()).contains("1 problem").contains("Policy 21").contains("table 'encounter'");

    assertThat(cli("policy", "validate").exit()).as("the repository's policies").isZero();

    Files.writeString(dir.resolve("hive-policies.json"), text.replaceFirst("\"type\": \"select\"", "\"type\": \"SELECT\""));
    Run push = cli("policy", "push", "--policies", dir.toString(), "--admin", url(), "--credentials",
        credentials("rw-------").toString());
    assertThat(push.exit()).isNotZero();
    assertThat(push.err()).contains("Not pushing").contains("'SELECT'");
    assertThat(requests).isEmpty();
  }

  /**
   * A misspelt database is valid to Ranger (it loads and silently matches nothing); only the check
   * against the project's HQL catches it, so push must run that check too.
   */
  @Test
  void pushRefusesAMisspeltDatabaseAndSendsNothing() throws Exception {
    Path dir = copyPolicies(HOME.resolve("ranger-policies"), tmp.resolve("misspelt"));
    Path file = dir.resolve("hive-policies.json");
    String original = Files.readString(file);
    String misspelt = original.replaceFirst("(\"id\": 21,[\\s\\S]*?)\"clinical\"", "$1\"clinicl\"");
    assertThat(misspelt).isNotEqualTo(original);
    Files.writeString(file, misspelt);

    Run push = cli("policy", "push", "--policies", dir.toString(), "--admin", url(), "--credentials",
        credentials("rw-------").toString());
    assertThat(push.exit()).as(push.toString()).isEqualTo(1);
    assertThat(push.err()).contains("Not pushing " + dir).contains("Policy 21")
        .contains("names database 'clinicl', which no HQL under hive/hql creates");
    assertThat(requests).as("nothing reached Ranger Admin").isEmpty();
    // the same message validate gives
    Run validate = cli("policy", "validate", "--policies", dir.toString());
    assertThat(validate.exit()).isEqualTo(1);
    assertThat(validate.err()).contains("names database 'clinicl'");
  }

  /** A copy of every *.json policy file of {@code from} (the repository's files stay untouched). */
  static Path copyPolicies(Path from, Path to) throws java.io.IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }

  @Test
  void checkPrintsDecisionRowFilterAndMask() {
    Run zip = cli("policy", "check", "--user", "analyst1", "--resource", "snapshot.patient_profile.zip3",
        "--access", "select");
    assertThat(zip.exit()).as(zip.toString()).isZero();
    assertThat(zip.out()).contains("user analyst1 (groups: analysts)").contains("ALLOWED by policy 4")
        .contains("row filter: policy 20").contains("entitlements.analyst_organizations")
        .contains("mask: policy 30").contains("CUSTOM -> CASE WHEN demographic_cell_size >= 11 THEN `zip3` END");

    Run ssn = cli("policy", "check", "--user", "analyst1", "--resource", "phi_restricted.patients.ssn");
    assertThat(ssn.exit()).isEqualTo(1);
    assertThat(ssn.out()).contains("DENIED by policy 6");

    Run asSteward = cli("policy", "check", "--user", "someone", "--groups", "phi_stewards", "--resource",
        "phi_restricted.patients.ssn");
    assertThat(asSteward.exit()).isZero();
    assertThat(asSteward.out()).contains("ALLOWED by policy 5").contains("no row filter, no mask");

    Run upper = cli("policy", "check", "--user", "analyst1", "--resource", "clinical.encounters", "--access", "SELECT");
    assertThat(upper.exit()).isEqualTo(64);
    assertThat(upper.err()).contains("must be lower-case");
  }
}
