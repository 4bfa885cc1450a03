package org.carelake.pipeline.lineage;

import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.carelake.pipeline.config.PipelineConfigException;

/** The HTTP transport of the settings (OpenLineage's own, as Marquez expects it), if one is configured. */
public final class LineageTransports {
  private LineageTransports() {
  }

  public static Optional<Transport> http(Configuration conf) {
    Optional<URI> url = LineageConf.getHttpUrl(conf);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    HttpConfig http = new HttpConfig();
    http.setUrl(url.get());
    String endpoint = LineageConf.getHttpEndpoint(conf);
    http.setEndpoint(endpoint.startsWith("/") ? endpoint : "/" + endpoint);
    http.setTimeoutInMillis(LineageConf.getHttpTimeoutMs(conf));
    LineageConf.getHttpApiKeyFile(conf).ifPresent(file -> {
      ApiKeyTokenProvider key = new ApiKeyTokenProvider();
      key.setApiKey(readKey(file));
      http.setAuth(key);
    });
    return Optional.of(new HttpTransport(http));
  }

  /** "host:port/endpoint" of the configured endpoint, for messages (never the key). */
  public static Optional<String> describe(Configuration conf) {
    return LineageConf.getHttpUrl(conf).map(u -> u + "/" + LineageConf.getHttpEndpoint(conf).replaceFirst("^/", ""));
  }

  private static String readKey(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new PipelineConfigException("%s=%s is readable by group or others; chmod 400 it",
            LineageConf.HTTP_API_KEY_FILE, file);
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new PipelineConfigException("Cannot read %s=%s (%s); give a readable file holding the API key",
          LineageConf.HTTP_API_KEY_FILE, file, e.getMessage());
    }
  }
}
