package org.carelake.hive.metastore;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;

/**
 * A standalone Thrift metastore (Hive's HiveMetaStore) on a PostgreSQL or MySQL database, run in
 * the JVM that calls {@link #run} (scripts/carelake metastore start, or a child JVM of
 * {@link MetastoreProcess}) so that HiveServer2 runs apart from it, as on EMR with an external
 * metastore. Its settings go to BASE/metastore-site.xml; the database password to a Hadoop
 * credential store beside it (alias javax.jdo.option.ConnectionPassword), never into the XML.
 *
 * <p>Command line: {@code ThriftMetastore --port P --base-dir DIR --warehouse URI --db-url URL
 * --db-user USER} with the password on standard input's first line (empty for none).
 */
public final class ThriftMetastore {
  static final String PASSWORD_ALIAS = "javax.jdo.option.ConnectionPassword";

  private ThriftMetastore() {
  }

  /** The metastore's settings (everything but the password). */
  static Map<String, String> settings(MetastoreDatabase db, int port, Path baseDir, String warehouse) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("javax.jdo.option.ConnectionURL", db.jdbcUrl());
    s.put("javax.jdo.option.ConnectionDriverName", db.driver());
    s.put("javax.jdo.option.ConnectionUserName", db.user());
    if (!db.password().isEmpty()) {
      // a credential store cannot hold an empty password (a trust-authenticated database has none)
      s.put("hadoop.security.credential.provider.path", credentialStore(baseDir));
    }
    // MetastoreSchemaTool made the schema: check its version, never let DataNucleus create tables
    s.put("metastore.schema.verification", "true");
    s.put("datanucleus.schema.autoCreateAll", "false");
    s.put("metastore.thrift.port", Integer.toString(port));
    s.put("metastore.warehouse.dir", warehouse + "/managed");
    s.put("metastore.warehouse.external.dir", warehouse + "/external");
    // HiveServer2's notification poll fails with "Error initializing notification event poll" without it
    // (the doubled prefix is the real key name)
    s.put("metastore.metastore.event.db.notification.api.auth", "false");
    s.put("fs.defaultFS", "file:///");
    s.put("hadoop.tmp.dir", baseDir.resolve("hadoop-tmp").toString());
    // no compactor, no statistics updater: tables are external and written by whole partitions
    s.put("metastore.compactor.initiator.on", "false");
    s.put("metastore.stats.auto.analyze", "none");
    return s;
  }

  static String credentialStore(Path baseDir) {
    return "localjceks://file" + baseDir.toAbsolutePath().resolve("metastore.jceks");
  }

  /** Writes the settings and the credential store, then serves until the JVM ends. */
  public static void run(MetastoreDatabase db, int port, Path baseDir, String warehouse) throws Throwable {
    Files.createDirectories(baseDir);
    try {
      Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException e) {
      // not POSIX: nothing to restrict
    }
    Map<String, String> settings = settings(db, port, baseDir, warehouse);
    if (!db.password().isEmpty()) {
      storePassword(settings.get("hadoop.security.credential.provider.path"), db.password());
    }
    Configuration site = new Configuration(false);
    settings.forEach(site::set);
    Path file = baseDir.resolve("metastore-site.xml");
    try (var out = Files.newOutputStream(file)) {
      site.writeXml(out);
    }
    URL url = file.toUri().toURL();
    // as for HiveServer2: settings made only on a conf object are lost when Hive builds its own
    MetastoreConf.setHiveSiteLocation(url);
    HiveConf.setHiveSiteLocation(url);
    HiveMetaStore.main(new String[] {"-p", Integer.toString(port)});
  }

  private static void storePassword(String providerPath, String password) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, providerPath);
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    if (provider.getCredentialEntry(PASSWORD_ALIAS) != null) {
      provider.deleteCredentialEntry(PASSWORD_ALIAS);
    }
    provider.createCredentialEntry(PASSWORD_ALIAS, password.toCharArray());
    provider.flush();
  }

  public static void main(String[] args) throws Throwable {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    for (String required : new String[] {"--port", "--base-dir", "--warehouse", "--db-url", "--db-user"}) {
      if (!a.containsKey(required)) {
        System.err.println("ThriftMetastore: missing " + required + "; usage: --port P --base-dir DIR --warehouse URI "
            + "--db-url URL --db-user USER (password on standard input)");
        System.exit(64);
      }
    }
    String password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    run(new MetastoreDatabase(a.get("--db-url"), a.get("--db-user"), password), Integer.parseInt(a.get("--port")),
        Path.of(a.get("--base-dir")), a.get("--warehouse"));
  }
}
