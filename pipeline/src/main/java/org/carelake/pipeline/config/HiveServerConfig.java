package org.carelake.pipeline.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.hive.auth.ServiceLogin;
import org.carelake.hive.server.LocalHiveServer;

/**
 * How this installation runs HiveServer2: who may log in (a password file under the work
 * directory by default, or LDAP), which metastore it uses (embedded Derby by default, or a Thrift
 * metastore), and where the entitlements the analysts' row filters read live.
 */
public final class HiveServerConfig {
  /** The principal the pipeline's Hive statements run as. */
  public static final String ETL_USER = "etl";

  private final Configuration conf;
  private final CareLakeHome home;
  private final WorkDir workDir;

  private HiveServerConfig(Configuration conf, CareLakeHome home, WorkDir workDir) {
    this.conf = conf;
    this.home = home;
    this.workDir = workDir;
  }

  public static HiveServerConfig of(Configuration conf, CareLakeHome home) {
    return new HiveServerConfig(conf, home, new WorkDir(PipelineConf.getWorkDir(conf).orElse(home.defaultWorkDir())));
  }

  /** The password file HiveServer2 checks logins against; empty with LDAP logins. */
  public Optional<Path> passwordFile() {
    if (PipelineConf.getHiveLdapAuthentication(conf)) {
      return Optional.empty();
    }
    return Optional.of(PipelineConf.getHivePasswordFile(conf).orElse(workDir.hivePasswordFile()));
  }

  /** The pipeline's own HiveServer2 password file (user etl). */
  public Path etlPasswordFile() {
    return PipelineConf.getHiveEtlPasswordFile(conf).orElse(workDir.etlHivePasswordFile());
  }

  /**
   * The etl user's password: with a password file, generated on first use (and its hash added);
   * with LDAP, the etl password file must exist.
   */
  public String etlPassword() {
    Optional<Path> logins = passwordFile();
    if (logins.isPresent()) {
      return ServiceLogin.ensure(ETL_USER, etlPasswordFile(), logins.get());
    }
    if (!java.nio.file.Files.isRegularFile(etlPasswordFile())) {
      throw new PipelineConfigException("With LDAP logins the pipeline logs in as %s with the password in %s, which "
          + "does not exist; create it (mode 0400) or set %s", ETL_USER, etlPasswordFile(),
          PipelineConf.HIVE_ETL_PASSWORD_FILE);
    }
    return ServiceLogin.read(etlPasswordFile());
  }

  public Optional<String> metastoreUri() {
    return PipelineConf.getHiveMetastoreUri(conf);
  }

  /** URI of the entitlements location (holds analyst_organizations/), without a trailing slash. */
  public String entitlementsRoot() {
    String uri = PipelineConf.getEntitlementsRoot(conf)
        .orElse(home.rangerPolicyDir().resolve("entitlements").toUri().toString());
    return uri.replaceAll("/+$", "");
  }

  /** HiveServer2 settings of LDAP logins (hive.server2.authentication.ldap.* from the configuration), else none. */
  public Map<String, String> loginSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    if (PipelineConf.getHiveLdapAuthentication(conf)) {
      out.put("hive.server2.authentication", "LDAP");
      for (Map.Entry<String, String> e : conf) {
        if (e.getKey().startsWith("hive.server2.authentication.ldap.")) {
          out.put(e.getKey(), conf.get(e.getKey()));
        }
      }
      if (!out.containsKey("hive.server2.authentication.ldap.url")) {
        throw new PipelineConfigException("%s=ldap needs hive.server2.authentication.ldap.url (and baseDN or a "
            + "userDNPattern); set them in --config", PipelineConf.HIVE_AUTHENTICATION);
      }
    }
    return out;
  }

  /** The key HiveServer2 serves JDBC over TLS with (carelake.hive.tls*), made on first use when self-signed; else empty. */
  public Optional<HiveServerTls> tls() {
    return HiveServerTls.of(conf, workDir);
  }

  /** Applies logins and metastore to a server builder. */
  public void apply(LocalHiveServer.Builder<?> builder) {
    passwordFile().ifPresent(builder::passwordFile);
    metastoreUri().ifPresent(builder::metastoreUri);
    builder.extraSettings(loginSettings());
  }
}
