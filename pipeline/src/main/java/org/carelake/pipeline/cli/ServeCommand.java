package org.carelake.pipeline.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.config.HiveServerConfig;
import org.carelake.pipeline.config.HiveServerTls;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Keeps HiveServer2 up over the local lake (the metastore the nightly run fills) with the Ranger-backed",
        "authorizer loading ranger-policies/*.json: analysts read clinical and snapshot (row-filtered by",
        "organization, quasi-identifiers masked), only stewards read phi_restricted; every decision is audited.",
        "Logins are required: set passwords with `carelake passwd USER`, connect with scripts/beeline -n USER.",
        "Stop with Ctrl-C. The embedded Derby metastore admits one process: stop serve before running nightly,",
        "or run both on a Thrift metastore (`carelake metastore start`, -D carelake.hive.metastore.uri=...).",
        "With --tls, JDBC is served over TLS only (plain connections are refused): with --tls-keystore and its",
        "password from --tls-password-file or --tls-password-alias, or else a self-signed key made on first use",
        "under <work-dir>/keys, whose clients' trust store is printed (scripts/beeline --truststore ...)."})
final class ServeCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--port", paramLabel = "PORT", description = "HiveServer2 port (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int port;

  @Option(names = "--tls", description = "Serve JDBC over TLS only (hive.server2.use.SSL); without --tls-keystore "
      + "a self-signed key under <work-dir>/keys, made on first use.")
  boolean tls;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "HiveServer2's PKCS12 (.p12) or JKS (.jks) key "
      + "store (implies --tls; or carelake.hive.tls.keystore).")
  Path tlsKeystore;

  @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File (mode 0400/0600) holding the key "
      + "store password on its first line.")
  Path tlsPasswordFile;

  @Option(names = "--tls-password-alias", paramLabel = "ALIAS", description = "The key store password's alias in the "
      + "credential provider named by -D hadoop.security.credential.provider.path=jceks://file/...")
  String tlsPasswordAlias;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    PipelineConf.setHivePort(settings.conf(), port);
    applyTlsOptions(settings);
    int chosen = PipelineConf.getHivePort(settings.conf(), 10000);
    AuthorizationSettings authz = AuthorizationSettings.local(settings.home().root(), settings.hiveBaseDir());
    HiveServerConfig hive = settings.hiveServer();
    // only serve gets TLS: the nightly run's own HiveServer2 listens on a free localhost port for the pipeline alone;
    // resolved first, so a bad key store fails before anything starts
    Optional<HiveServerTls> serverTls = hive.tls();
    System.out.println("Starting HiveServer2 over " + hive.metastoreUri().map(u -> "the metastore at " + u)
        .orElse(settings.hiveBaseDir().toString()) + " ...");
    // the pipeline's own login exists before anyone else's, so a first serve has a password file
    if (hive.passwordFile().isPresent()) {
      hive.etlPassword();
    }
    LocalHiveServer.Builder<?> builder = LocalHiveServer.builder()
        .baseDir(settings.hiveBaseDir())
        .port(chosen)
        .extraSettings(authz.hiveSiteEntries())
        .extraSettings(settings.hiveCryptoSettings());
    hive.apply(builder);
    serverTls.ifPresent(t -> builder.tls(t.key()));
    LocalHiveServer server = builder.build().start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      HiveRangerPlugin.stopAll();
      stopped.countDown();
    }, "carelake-serve-shutdown"));
    System.out.println("HiveServer2 is up: " + server.jdbcUrl());
    System.out.println("Policies: " + authz.hiveSiteEntries().get(AuthorizationSettings.POLICY_DIR)
        + "  audit: " + authz.hiveSiteEntries().get(AuthorizationSettings.AUDIT_DIR));
    hive.passwordFile().ifPresent(f -> System.out.println("Logins: " + f
        + "  (set a password: scripts/carelake passwd analyst1)"));
    String tlsArgs = serverTls.map(ServeCommand::describeTls).orElse("");
    System.out.println("Try: scripts/beeline -n analyst1" + tlsArgs
        + " -e \"SELECT * FROM snapshot.patient_profile LIMIT 5\"");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  private void applyTlsOptions(Settings settings) {
    if (tls) {
      PipelineConf.setHiveTls(settings.conf(), true);
    }
    if (tlsKeystore != null) {
      PipelineConf.setHiveTlsKeystore(settings.conf(), tlsKeystore.toAbsolutePath());
    }
    if (tlsPasswordFile != null) {
      PipelineConf.setHiveTlsKeystorePasswordFile(settings.conf(), tlsPasswordFile.toAbsolutePath());
    }
    if (tlsPasswordAlias != null) {
      PipelineConf.setHiveTlsKeystorePasswordAlias(settings.conf(), tlsPasswordAlias);
    }
    if ((tlsPasswordFile != null || tlsPasswordAlias != null) && !PipelineConf.getHiveTlsKeystore(settings.conf())
        .isPresent()) {
      throw new PipelineConfigException("--tls-password-file/--tls-password-alias are the password of --tls-keystore "
          + "FILE; give the key store too (or only --tls for a self-signed key)");
    }
  }

  /** Prints what clients need; returns the beeline arguments for the trust store ("" when the CA's certificate is theirs). */
  private static String describeTls(HiveServerTls t) {
    System.out.println("TLS: key store " + t.key().path() + " (" + t.key().type() + "); plain connections are refused");
    if (t.trustStore().isEmpty()) {
      return "";
    }
    System.out.println("Clients' trust store: " + t.trustStore().get() + "  password file: "
        + t.trustStorePasswordFile().orElseThrow());
    return " --truststore " + t.trustStore().get() + " --truststore-password-file " + t.trustStorePasswordFile().get();
  }
}
