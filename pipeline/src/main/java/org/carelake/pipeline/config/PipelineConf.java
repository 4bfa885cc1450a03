package org.carelake.pipeline.config;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Typed accessors for the pipeline's settings on a Hadoop Configuration (a constant key and a
 * static get/set pair, as Hadoop's TeraSort does). Absent settings mean the embedded defaults:
 * H2 source databases and a lake under the local work directory.
 */
public final class PipelineConf {
  /** Prefix of the per-source keys: carelake.source.&lt;name&gt;.url / .user / .password.file. */
  public static final String SOURCE_PREFIX = "carelake.source.";
  public static final String LAKE_ROOT = "carelake.lake.root";
  public static final String WORK_DIR = "carelake.work.dir";
  public static final String FACILITY_TIME_ZONE = "carelake.facility.timezone";
  public static final String IMPORT_MAPPERS = "carelake.import.mappers";
  public static final String IMPORT_PARALLELISM = "carelake.import.parallelism";
  public static final String CATALOG_FILE = "carelake.catalog.file";
  public static final String HIVE_PORT = "carelake.hive.port";
  public static final String HIVE_METASTORE_URI = "carelake.hive.metastore.uri";
  /** HiveServer2 logins: password-file (default; hashes in HIVE_PASSWORD_FILE) or ldap (Hive's own LDAP settings). */
  public static final String HIVE_AUTHENTICATION = "carelake.hive.authentication";
  public static final String HIVE_PASSWORD_FILE = "carelake.hive.password.file";
  /** The pipeline's own HiveServer2 password (user etl), mode 0400; generated on first run with a password file. */
  public static final String HIVE_ETL_PASSWORD_FILE = "carelake.hive.etl.password.file";
  /** Serve JDBC over TLS (true/false); a self-signed key under the work directory unless HIVE_TLS_KEYSTORE names one. */
  public static final String HIVE_TLS = "carelake.hive.tls";
  /** HiveServer2's PKCS12 (.p12) or JKS (.jks) key store; implies HIVE_TLS. */
  public static final String HIVE_TLS_KEYSTORE = "carelake.hive.tls.keystore";
  /** A file (mode 0400/0600) holding the key store password on its first line. */
  public static final String HIVE_TLS_KEYSTORE_PASSWORD_FILE = "carelake.hive.tls.keystore.password.file";
  /** The key store password's alias in the credential provider (hadoop.security.credential.provider.path). */
  public static final String HIVE_TLS_KEYSTORE_PASSWORD_ALIAS = "carelake.hive.tls.keystore.password.alias";
  /** Where security admins keep entitlements/analyst_organizations (a URI; ranger-policies/entitlements by default). */
  public static final String ENTITLEMENTS_ROOT = "carelake.entitlements.root";
  public static final String QUARANTINE_THRESHOLD = "carelake.split.quarantine.threshold";
  /** Hadoop's own key: where the token key lives (a JCEKS file locally, a KMS-backed store on EMR). */
  public static final String CREDENTIAL_PROVIDER_PATH = "hadoop.security.credential.provider.path";

  public static final String DEFAULT_FACILITY_TIME_ZONE = "America/New_York";

  private PipelineConf() {
  }

  public static Optional<String> getSourceUrl(Configuration conf, String source) {
    return Optional.ofNullable(conf.getTrimmed(SOURCE_PREFIX + source + ".url"));
  }

  public static void setSourceUrl(Configuration conf, String source, String jdbcUrl) {
    conf.set(SOURCE_PREFIX + source + ".url", jdbcUrl);
  }

  public static Optional<String> getSourceUser(Configuration conf, String source) {
    return Optional.ofNullable(conf.getTrimmed(SOURCE_PREFIX + source + ".user"));
  }

  public static void setSourceUser(Configuration conf, String source, String user) {
    conf.set(SOURCE_PREFIX + source + ".user", user);
  }

  /** A file holding the source password (mode 0400); never the password itself. */
  public static Optional<Path> getSourcePasswordFile(Configuration conf, String source) {
    return Optional.ofNullable(conf.getTrimmed(SOURCE_PREFIX + source + ".password.file")).map(Path::of);
  }

  public static void setSourcePasswordFile(Configuration conf, String source, Path file) {
    conf.set(SOURCE_PREFIX + source + ".password.file", file.toString());
  }

  /**
   * The source password's alias in the credential provider (hadoop.security.credential.provider.path),
   * the alternative to a 0400 password file; Sqoop reads it with --password-alias.
   */
  public static Optional<String> getSourcePasswordAlias(Configuration conf, String source) {
    return Optional.ofNullable(conf.getTrimmed(SOURCE_PREFIX + source + ".password.alias"));
  }

  public static void setSourcePasswordAlias(Configuration conf, String source, String alias) {
    conf.set(SOURCE_PREFIX + source + ".password.alias", alias);
  }

  public static Optional<String> getLakeRoot(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(LAKE_ROOT));
  }

  public static void setLakeRoot(Configuration conf, String uri) {
    conf.set(LAKE_ROOT, uri);
  }

  public static Optional<Path> getWorkDir(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(WORK_DIR)).map(Path::of);
  }

  public static void setWorkDir(Configuration conf, Path dir) {
    conf.set(WORK_DIR, dir.toString());
  }

  public static ZoneId getFacilityTimeZone(Configuration conf) {
    String zone = conf.getTrimmed(FACILITY_TIME_ZONE, DEFAULT_FACILITY_TIME_ZONE);
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new PipelineConfigException("%s=%s is not a time zone; use a region id such as %s",
          FACILITY_TIME_ZONE, zone, DEFAULT_FACILITY_TIME_ZONE);
    }
  }

  public static void setFacilityTimeZone(Configuration conf, ZoneId zone) {
    conf.set(FACILITY_TIME_ZONE, zone.getId());
  }

  /** Sqoop map tasks per table (-m). */
  public static int getImportMappers(Configuration conf) {
    return positive(conf, IMPORT_MAPPERS, 1);
  }

  public static void setImportMappers(Configuration conf, int mappers) {
    conf.setInt(IMPORT_MAPPERS, mappers);
  }

  /** How many table imports run at once (each in its own JVM). */
  public static int getImportParallelism(Configuration conf) {
    return positive(conf, IMPORT_PARALLELISM, 2);
  }

  public static void setImportParallelism(Configuration conf, int parallelism) {
    conf.setInt(IMPORT_PARALLELISM, parallelism);
  }

  public static Optional<Path> getCatalogFile(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(CATALOG_FILE)).map(Path::of);
  }

  public static void setCatalogFile(Configuration conf, Path file) {
    conf.set(CATALOG_FILE, file.toString());
  }

  /** HiveServer2's port; 0 picks a free one (the nightly run), serve defaults to 10000. */
  public static int getHivePort(Configuration conf, int defaultPort) {
    int port = conf.getInt(HIVE_PORT, defaultPort);
    if (port < 0 || port > 65535) {
      throw new PipelineConfigException("%s=%d is not a TCP port; use 0..65535 (0 = any free port)", HIVE_PORT, port);
    }
    return port;
  }

  public static void setHivePort(Configuration conf, int port) {
    conf.setInt(HIVE_PORT, port);
  }

  public static Optional<String> getHiveMetastoreUri(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_METASTORE_URI)).filter(s -> !s.isEmpty());
  }

  public static void setHiveMetastoreUri(Configuration conf, String thriftUri) {
    conf.set(HIVE_METASTORE_URI, thriftUri);
  }

  /** True for LDAP logins (hive.server2.authentication.ldap.* from the configuration), false for the password file. */
  public static boolean getHiveLdapAuthentication(Configuration conf) {
    String mode = conf.getTrimmed(HIVE_AUTHENTICATION, "password-file");
    return switch (mode) {
      case "password-file" -> false;
      case "ldap" -> true;
      default -> throw new PipelineConfigException("%s=%s is not a login mode; use password-file (the default) or ldap",
          HIVE_AUTHENTICATION, mode);
    };
  }

  public static Optional<Path> getHivePasswordFile(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_PASSWORD_FILE)).map(Path::of);
  }

  public static void setHivePasswordFile(Configuration conf, Path file) {
    conf.set(HIVE_PASSWORD_FILE, file.toString());
  }

  public static Optional<Path> getHiveEtlPasswordFile(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_ETL_PASSWORD_FILE)).map(Path::of);
  }

  /** True when HiveServer2 serves JDBC over TLS: carelake.hive.tls=true or a key store named. */
  public static boolean getHiveTls(Configuration conf) {
    String v = conf.getTrimmed(HIVE_TLS, "false");
    if (!v.equals("true") && !v.equals("false")) {
      throw new PipelineConfigException("%s=%s is not true or false", HIVE_TLS, v);
    }
    return v.equals("true") || getHiveTlsKeystore(conf).isPresent();
  }

  public static void setHiveTls(Configuration conf, boolean tls) {
    conf.setBoolean(HIVE_TLS, tls);
  }

  public static Optional<Path> getHiveTlsKeystore(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_TLS_KEYSTORE)).filter(s -> !s.isEmpty()).map(Path::of);
  }

  public static void setHiveTlsKeystore(Configuration conf, Path keystore) {
    conf.set(HIVE_TLS_KEYSTORE, keystore.toString());
  }

  public static Optional<Path> getHiveTlsKeystorePasswordFile(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_TLS_KEYSTORE_PASSWORD_FILE)).filter(s -> !s.isEmpty()).map(Path::of);
  }

  public static void setHiveTlsKeystorePasswordFile(Configuration conf, Path file) {
    conf.set(HIVE_TLS_KEYSTORE_PASSWORD_FILE, file.toString());
  }

  public static Optional<String> getHiveTlsKeystorePasswordAlias(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(HIVE_TLS_KEYSTORE_PASSWORD_ALIAS)).filter(s -> !s.isEmpty());
  }

  public static void setHiveTlsKeystorePasswordAlias(Configuration conf, String alias) {
    conf.set(HIVE_TLS_KEYSTORE_PASSWORD_ALIAS, alias);
  }

  public static Optional<String> getEntitlementsRoot(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(ENTITLEMENTS_ROOT));
  }

  public static void setEntitlementsRoot(Configuration conf, String uri) {
    conf.set(ENTITLEMENTS_ROOT, uri);
  }

  /**
   * The quarantine threshold of {@code table}: carelake.split.quarantine.threshold.&lt;table&gt;, else the
   * catalog's "max_quarantine_fraction" of the table, else carelake.split.quarantine.threshold, else 1.0.
   */
  public static double getQuarantineThreshold(Configuration conf, org.carelake.catalog.TableSpec table) {
    String perTable = conf.getTrimmed(QUARANTINE_THRESHOLD + "." + table.name());
    String raw = perTable != null ? perTable
        : table.maxQuarantineFraction().map(String::valueOf).orElse(conf.getTrimmed(QUARANTINE_THRESHOLD, "1.0"));
    try {
      double v = Double.parseDouble(raw);
      if (v >= 0.0 && v <= 1.0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PipelineConfigException("The quarantine threshold of table %s is '%s'; set %s.%s (or %s) to a fraction "
        + "from 0.0 to 1.0", table.name(), raw, QUARANTINE_THRESHOLD, table.name(), QUARANTINE_THRESHOLD);
  }

  public static Optional<String> getCredentialProviderPath(Configuration conf) {
    return Optional.ofNullable(conf.getTrimmed(CREDENTIAL_PROVIDER_PATH));
  }

  public static void setCredentialProviderPath(Configuration conf, String providerPath) {
    conf.set(CREDENTIAL_PROVIDER_PATH, providerPath);
  }

  private static int positive(Configuration conf, String key, int defaultValue) {
    String raw = conf.getTrimmed(key);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new PipelineConfigException("%s=%s must be a whole number of at least 1", key, raw);
  }
}
