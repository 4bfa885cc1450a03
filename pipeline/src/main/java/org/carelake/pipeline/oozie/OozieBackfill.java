package org.carelake.pipeline.oozie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.authentication.client.AuthenticatedURL;
import org.apache.hadoop.security.authentication.client.KerberosAuthenticator;
import org.carelake.pipeline.backfill.BackfillRequest;
import org.carelake.pipeline.config.PipelineConfigException;

/**
 * On EMR, `carelake backfill` submits oozie-workflows/backfill/coordinator.xml through Oozie's REST
 * API (the same calls as `oozie job -config ... -run` / `-dryrun`): the environment's job.properties
 * plus the backfill's days (local midnights of D1..D2 as UTC), tables and force. Refused while
 * another CareLake backfill coordinator is running or waiting (the lock on EMR).
 */
public final class OozieBackfill {
  /** Oozie's base URL, e.g. http://master:11000/oozie; set, the backfill is submitted instead of run here. */
  public static final String OOZIE_URL = "carelake.oozie.url";
  /** The environment's job.properties (oozie-workflows/env/&lt;env&gt;/job.properties). */
  public static final String JOB_PROPERTIES = "carelake.oozie.job.properties";
  /** simple (user.name, the default) or kerberos (SPNEGO with the caller's ticket). */
  public static final String AUTH = "carelake.oozie.auth";
  public static final String COORDINATOR_NAME_PREFIX = "carelake-backfill-";

  private static final DateTimeFormatter OOZIE_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final Properties job;
  private final boolean kerberos;
  private final ZoneId zone;

  public OozieBackfill(String url, Properties job, boolean kerberos, ZoneId zone) {
    this.url = url.replaceFirst("/+$", "");
    this.job = job;
    this.kerberos = kerberos;
    this.zone = zone;
  }

  public static java.util.Optional<String> getOozieUrl(Configuration conf) {
    return java.util.Optional.ofNullable(conf.getTrimmed(OOZIE_URL));
  }

  public static void setOozieUrl(Configuration conf, String oozieUrl) {
    conf.set(OOZIE_URL, oozieUrl);
  }

  public static Path getJobProperties(Configuration conf) {
    String file = conf.getTrimmed(JOB_PROPERTIES);
    if (file == null) {
      throw new PipelineConfigException("%s is set but %s is not; give the environment's job.properties, e.g. "
          + "-D %s=oozie-workflows/env/prod/job.properties", OOZIE_URL, JOB_PROPERTIES, JOB_PROPERTIES);
    }
    return Path.of(file);
  }

  public static void setJobProperties(Configuration conf, Path file) {
    conf.set(JOB_PROPERTIES, file.toString());
  }

  public static boolean getKerberos(Configuration conf) {
    String auth = conf.getTrimmed(AUTH, "simple");
    if (!auth.equals("simple") && !auth.equals("kerberos")) {
      throw new PipelineConfigException("%s=%s; use simple or kerberos", AUTH, auth);
    }
    return auth.equals("kerberos");
  }

  public static Properties load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new PipelineConfigException("Cannot read the job properties %s (%s); pass %s=<the environment's "
          + "job.properties>", file, e.getMessage(), JOB_PROPERTIES);
    }
    for (String k : new String[] {"appRoot", "user.name", "facilityTimeZone"}) {
      if (p.getProperty(k) == null) {
        throw new PipelineConfigException("%s does not set %s; see oozie-workflows/env/*/job.properties", file, k);
      }
    }
    return p;
  }

  /** The job configuration the backfill coordinator is submitted with. */
  public Map<String, String> configuration(BackfillRequest request) {
    if (!ZoneId.of(job.getProperty("facilityTimeZone")).equals(zone)) {
      throw new PipelineConfigException("job.properties says facilityTimeZone=%s but carelake.facility.timezone is %s; "
          + "make them the same", job.getProperty("facilityTimeZone"), zone);
    }
    Map<String, String> conf = new TreeMap<>();
    job.stringPropertyNames().forEach(k -> conf.put(k, job.getProperty(k)));
    conf.put("oozie.coord.application.path", job.getProperty("appRoot").replaceFirst("/+$", "") + "/backfill");
    conf.put("backfillFrom", request.from().toString());
    conf.put("backfillTo", request.to().toString());
    conf.put("backfillStart", OOZIE_UTC.format(request.from().atStartOfDay(zone)));
    // the coordinator's end is exclusive: one minute after the last day's nominal time
    conf.put("backfillEnd", OOZIE_UTC.format(request.to().atTime(LocalTime.MIDNIGHT).atZone(zone).plusMinutes(1)));
    conf.put("tables", request.tablesParameter());
    conf.put("force", Boolean.toString(request.force()));
    return conf;
  }

  /** Oozie's XML configuration body. */
  static String toXml(Map<String, String> conf) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration>\n");
    conf.forEach((k, v) -> xml.append("  <property><name>").append(escape(k)).append("</name><value>")
        .append(escape(v)).append("</value></property>\n"));
    return xml.append("</configuration>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Refuses while a CareLake backfill coordinator is running, waiting or suspended. */
  public void requireNoBackfillRunning() throws IOException {
    String filter = "status=RUNNING;status=PREP;status=PREPSUSPENDED;status=SUSPENDED;status=RUNNINGWITHERROR";
    JsonNode jobs = call("GET", "/v2/jobs?jobtype=coordinator&len=1000&filter=" + encode(filter), null);
    for (JsonNode c : jobs.path("coordinatorjobs")) {
      if (c.path("coordJobName").asText().startsWith(COORDINATOR_NAME_PREFIX)) {
        throw new PipelineConfigException("Backfill coordinator %s (%s) is %s on %s: one backfill at a time; wait for "
            + "it or kill it with: oozie job -oozie %s -kill %s", c.path("coordJobId").asText(),
            c.path("coordJobName").asText(), c.path("status").asText(), url, url, c.path("coordJobId").asText());
      }
    }
  }

  /** Submits (or, dry, asks Oozie to materialize without running); prints and returns Oozie's answer. */
  public String submit(BackfillRequest request, boolean dryRun, PrintStream out) throws IOException {
    Map<String, String> conf = configuration(request);
    if (!dryRun) {
      requireNoBackfillRunning();
    }
    JsonNode answer = call("POST", "/v2/jobs?action=" + (dryRun ? "dryrun" : "start"), toXml(conf));
    String id = answer.path("id").asText();
    if (dryRun) {
      out.println("Oozie dry run of the backfill coordinator " + conf.get("oozie.coord.application.path") + ":");
      out.println(id);
    } else {
      out.println("Submitted backfill " + request + " as Oozie coordinator " + id);
      out.println("Follow it with: oozie job -oozie " + url + " -info " + id);
    }
    return id;
  }

  private JsonNode call(String method, String pathAndQuery, String body) throws IOException {
    String full = url + pathAndQuery;
    if (!kerberos) {
      full += (pathAndQuery.contains("?") ? "&" : "?") + "user.name=" + encode(job.getProperty("user.name"));
    }
    HttpURLConnection c;
    try {
      c = kerberos ? new AuthenticatedURL(new KerberosAuthenticator()).openConnection(new URL(full),
          new AuthenticatedURL.Token()) : (HttpURLConnection) new URL(full).openConnection();
    } catch (org.apache.hadoop.security.authentication.client.AuthenticationException e) {
      throw new IOException("Kerberos authentication to " + url + " failed (" + e.getMessage() + "); run kinit", e);
    }
    c.setRequestMethod(method);
    c.setConnectTimeout(15_000);
    c.setReadTimeout(120_000);
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/xml;charset=UTF-8");
      try (OutputStream o = c.getOutputStream()) {
        o.write(body.getBytes(StandardCharsets.UTF_8));
      }
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (status >= 300) {
        String error = c.getHeaderField("oozie-error-message");
        throw new IOException("Oozie " + method + " " + url + pathAndQuery.replaceFirst("\\?.*", "") + " answered HTTP "
            + status + (error == null ? "" : ": " + error) + "; check " + OOZIE_URL + " and the job.properties");
      }
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
