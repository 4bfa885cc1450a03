package org.carelake.hive.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** Writes settings as a hive-site.xml file (Hadoop's configuration XML). */
final class HiveSiteFile {
  private HiveSiteFile() {
  }

  static URL write(Path file, Map<String, String> settings) {
    Configuration conf = new Configuration(false);
    settings.forEach(conf::set);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        conf.writeXml(out);
      }
      return file.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new AssertionError(e);
    } catch (IOException e) {
      throw new HiveServerStartException(e, "Cannot write %s: %s; give the server a writable base directory", file,
          e.getMessage());
    }
  }
}
