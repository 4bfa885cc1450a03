package org.carelake.hive.ranger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Pushes a policy directory to a Ranger Admin through its documented import endpoint,
 * {@code POST /service/plugins/policies/importPoliciesFromFile?isOverride=true&serviceType=hive}:
 * a multipart form with the policies as part "file" (one Ranger export document merging every
 * *.json of the directory: with isOverride, each import replaces the service's policies, so the
 * files go in one request) and part "servicesMapJson" mapping the files' service to the target
 * service. Basic authentication with credentials read from a file only its owner can read.
 */
public final class RangerAdminPush {
  static final String IMPORT_PATH = "/service/plugins/policies/importPoliciesFromFile";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Ranger Admin credentials: a properties file with username= and password=. */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + user + ", password hidden]";
    }

    public static Credentials read(Path file) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("Ranger Admin credentials file " + file + " does not exist; create it "
            + "with username=... and password=... lines, mode 0600");
      }
      org.carelake.hive.auth.PasswordFile.requireOwnerOnly(file);
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read Ranger Admin credentials file " + file + ": " + e.getMessage(), e);
      }
      String user = p.getProperty("username", "").strip();
      String password = p.getProperty("password", "");
      if (user.isEmpty() || password.isEmpty()) {
        throw new IllegalArgumentException("Ranger Admin credentials file " + file + " needs both username= and "
            + "password= lines");
      }
      return new Credentials(user, password);
    }
  }

  /** What Ranger Admin answered. */
  public record Result(int status, int policies, URI endpoint) {
  }

  private final URI admin;
  private final Credentials credentials;
  private final HttpClient http;

  public RangerAdminPush(URI admin, Credentials credentials) {
    String scheme = admin.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("Ranger Admin URL '" + admin + "' must be http(s)://host:port (e.g. "
          + "https://ranger.example.org:6182)");
    }
    this.admin = admin;
    this.credentials = credentials;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
  }

  /** The import URL for pushes into a Hive service. */
  URI endpoint() {
    String base = admin.toString().replaceAll("/+$", "");
    return URI.create(base + IMPORT_PATH + "?isOverride=true&serviceType=" + HiveServiceDef.SERVICE_TYPE);
  }

  /**
   * Validates the directory offline first (nothing invalid is ever pushed), then imports its
   * policies into {@code targetService}, replacing that service's policies.
   */
  public Result push(Path policyDir, String fileService, String targetService) {
    PolicyValidation.Report report = PolicyValidation.validate(policyDir, fileService, java.util.Optional.empty());
    if (!report.valid()) {
      throw new PolicyFileException("Not pushing " + policyDir + ": " + String.join("; ", report.problems()));
    }
    byte[] document = mergedExport(policyDir);
    int count = report.policies().orElseThrow().getPolicies().size();
    String boundary = "carelake-" + UUID.randomUUID();
    byte[] body = multipart(boundary, List.of(
        new Part("file", fileService + "-policies.json", document),
        new Part("servicesMapJson", "servicesMapJson.json",
            json(Map.of(fileService, targetService)).getBytes(StandardCharsets.UTF_8))));
    HttpRequest request = HttpRequest.newBuilder(endpoint())
        .timeout(Duration.ofMinutes(2))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)))
        // Ranger Admin's CSRF filter lets API clients through with this header
        .header("X-XSRF-HEADER", "valid")
        .header("Accept", "application/json")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot reach Ranger Admin at " + admin + " (" + e.getMessage() + "); check "
          + "the URL and that Ranger Admin is up", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while pushing policies to " + admin, e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new IllegalStateException("Ranger Admin at " + admin + " refused user '" + credentials.user() + "' (HTTP "
          + status + "); check the credentials file: the user needs the Admin role");
    }
    if (status / 100 != 2) {
      String answer = response.body() == null ? "" : response.body();
      throw new IllegalStateException("Ranger Admin at " + admin + " did not import the policies (HTTP " + status
          + "): " + answer.substring(0, Math.min(500, answer.length())));
    }
    return new Result(status, count, endpoint());
  }

  /** One Ranger export document holding the policies of every *.json of the directory, in file order. */
  static byte[] mergedExport(Path policyDir) {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode meta = doc.putObject("metaDataInfo");
    meta.put("Exported by", "carelake policy push");
    meta.put("Ranger apache version", "2.7.0");
    ArrayNode policies = doc.putArray("policies");
    for (Path f : PolicyFiles.list(policyDir)) {
      try {
        JsonNode file = JSON.readTree(f.toFile());
        file.path("policies").forEach(policies::add);
      } catch (IOException e) {
        throw new PolicyFileException("Cannot read policy file " + f + ": " + e.getMessage(), e);
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  record Part(String name, String filename, byte[] content) {
  }

  static byte[] multipart(String boundary, List<Part> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part p : parts) {
      write(out, "--" + boundary + "\r\n");
      write(out, "Content-Disposition: form-data; name=\"" + p.name() + "\"; filename=\""
          + URLEncoder.encode(p.filename(), StandardCharsets.UTF_8) + "\"\r\n");
      write(out, "Content-Type: application/json\r\n\r\n");
      out.writeBytes(p.content());
      write(out, "\r\n");
    }
    write(out, "--" + boundary + "--\r\n");
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
