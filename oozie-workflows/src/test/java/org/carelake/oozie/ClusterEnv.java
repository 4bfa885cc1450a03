package org.carelake.oozie;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * oozie-workflows/env/&lt;environment&gt;/cluster.env (plain NAME=value lines, sourced by
 * scripts/create-cluster.sh) and the security configuration the script renders from it.
 */
final class ClusterEnv {
  static final List<String> ROLES = List.of("etl", "query");

  private ClusterEnv() {
  }

  static List<String> names() throws IOException {
    try (Stream<java.nio.file.Path> dirs = Files.list(OozieApps.ENVIRONMENTS)) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  static Properties load(String env) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(OozieApps.ENVIRONMENTS.resolve(env).resolve("cluster.env"))) {
      p.load(r);
    }
    return p;
  }

  static Properties jobProperties(String env) throws IOException {
    return JobProperties.load(OozieApps.ENVIRONMENTS.resolve(env).resolve("job.properties"));
  }

  /** The text `create-cluster.sh --print-security-configuration` prints for this environment and cluster role. */
  static String securityConfigurationText(String env, String role) throws Exception {
    Scripts.Run run = Scripts.createCluster("--env", env, "--cluster", role, "--print-security-configuration");
    if (run.exit() != 0) {
      throw new AssertionError("create-cluster.sh --env " + env + " --cluster " + role + " exited " + run.exit()
          + ": " + run.err());
    }
    return run.out();
  }

  static JsonNode securityConfiguration(String env, String role) throws Exception {
    return new ObjectMapper().readTree(securityConfigurationText(env, role));
  }
}
