package org.carelake.pipeline.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.config.HiveServerConfig;
import org.carelake.pipeline.config.PipelineConf;
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
        "or run both on a Thrift metastore (`carelake metastore start`, -D carelake.hive.metastore.uri=...)."})
final class ServeCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Option(names = "--port", paramLabel = "PORT", description = "HiveServer2 port (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int port;

  @Override
  public Integer call() throws Exception {
    Settings settings = common.settings();
    PipelineConf.setHivePort(settings.conf(), port);
    int chosen = PipelineConf.getHivePort(settings.conf(), 10000);
    AuthorizationSettings authz = AuthorizationSettings.local(settings.home().root(), settings.hiveBaseDir());
    HiveServerConfig hive = settings.hiveServer();
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
    System.out.println("Try: scripts/beeline -n analyst1 -e \"SELECT * FROM snapshot.patient_profile LIMIT 5\"");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
