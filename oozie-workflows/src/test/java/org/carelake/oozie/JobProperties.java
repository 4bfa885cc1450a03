package org.carelake.oozie;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/** oozie-workflows/env/&lt;environment&gt;/job.properties, as Oozie's client reads them. */
final class JobProperties {
  private JobProperties() {
  }

  static List<Path> environments() throws IOException {
    try (Stream<Path> dirs = Files.list(OozieApps.ENVIRONMENTS)) {
      List<Path> files = new ArrayList<>();
      dirs.sorted().forEach(d -> files.add(d.resolve("job.properties")));
      return files;
    }
  }

  static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  /** A Hadoop Configuration holding the properties (no defaults), as the Oozie server builds the job conf. */
  static Configuration conf(Properties p) {
    Configuration conf = new Configuration(false);
    p.stringPropertyNames().forEach(k -> conf.set(k, p.getProperty(k)));
    return conf;
  }
}
