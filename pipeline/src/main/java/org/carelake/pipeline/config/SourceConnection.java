package org.carelake.pipeline.config;

import java.nio.file.Path;
import java.util.Optional;

/** How to reach one on-prem source database. The password is only ever referenced by file. */
public record SourceConnection(String source, String jdbcUrl, Optional<String> user, Optional<Path> passwordFile) {

  /** The URL without its parameters (which may carry credentials), for manifests and lineage. */
  public String namespace() {
    String url = jdbcUrl;
    int cut = url.length();
    for (char c : new char[] {';', '?'}) {
      int i = url.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return url.substring(0, cut);
  }
}
