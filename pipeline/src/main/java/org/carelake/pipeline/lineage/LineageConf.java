package org.carelake.pipeline.lineage;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.pipeline.config.PipelineConfigException;

/**
 * The lineage settings (typed get/set pairs). Events always go to JSON lines under the lake
 * (&lt;lake&gt;/_lineage/dt=D/run-&lt;id&gt;.jsonl); with {@link #HTTP_URL} they are also posted to an
 * OpenLineage endpoint such as Marquez.
 */
public final class LineageConf {
  /** OpenLineage job namespace of CareLake's jobs. */
  public static final String NAMESPACE = "carelake.lineage.namespace";
  /** Base URL of an OpenLineage HTTP endpoint (e.g. http://marquez:5000); unset = lake only. */
  public static final String HTTP_URL = "carelake.lineage.http.url";
  /** Path below the URL; OpenLineage's (and Marquez's) default is api/v1/lineage. */
  public static final String HTTP_ENDPOINT = "carelake.lineage.http.endpoint";
  /** A file (mode 0400) holding the API key, sent as "Authorization: Bearer KEY". Never the key itself. */
  public static final String HTTP_API_KEY_FILE = "carelake.lineage.http.api.key.file";
  public static final String HTTP_TIMEOUT_MS = "carelake.lineage.http.timeout.ms";

  public static final String DEFAULT_NAMESPACE = "carelake";
  public static final String DEFAULT_HTTP_ENDPOINT = "api/v1/lineage";

  private LineageConf() {
  }

  public static String getNamespace(Configuration conf) {
    return conf.getTrimmed(NAMESPACE, DEFAULT_NAMESPACE);
  }

  public static void setNamespace(Configuration conf, String namespace) {
    conf.set(NAMESPACE, namespace);
  }

  public static Optional<URI> getHttpUrl(Configuration conf) {
    String raw = conf.getTrimmed(HTTP_URL);
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(raw, "not an http(s) URL with a host");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new PipelineConfigException("%s=%s is not an http(s) URL; use the OpenLineage server's base URL, "
          + "e.g. http://marquez:5000", HTTP_URL, raw);
    }
  }

  public static void setHttpUrl(Configuration conf, URI url) {
    conf.set(HTTP_URL, url.toString());
  }

  public static String getHttpEndpoint(Configuration conf) {
    return conf.getTrimmed(HTTP_ENDPOINT, DEFAULT_HTTP_ENDPOINT);
  }

  public static void setHttpEndpoint(Configuration conf, String endpoint) {
    conf.set(HTTP_ENDPOINT, endpoint);
  }

  public static Optional<Path> getHttpApiKeyFile(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HTTP_API_KEY_FILE)).filter(s -> !s.isEmpty()).map(Path::of);
  }

  public static void setHttpApiKeyFile(Configuration conf, Path file) {
    conf.set(HTTP_API_KEY_FILE, file.toString());
  }

  public static int getHttpTimeoutMs(Configuration conf) {
    int ms = conf.getInt(HTTP_TIMEOUT_MS, 5000);
    if (ms <= 0) {
      throw new PipelineConfigException("%s=%d must be a positive number of milliseconds", HTTP_TIMEOUT_MS, ms);
    }
    return ms;
  }

  public static void setHttpTimeoutMs(Configuration conf, int ms) {
    conf.setInt(HTTP_TIMEOUT_MS, ms);
  }
}
