package org.carelake.pipeline.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.config.PipelineConf;
import org.carelake.pipeline.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Keeps HiveServer2 up over the local lake (the metastore the nightly run fills) with the Ranger-backed",
        "authorizer loading ranger-policies/*.json: analysts read clinical and snapshot, only stewards read",
        "phi_restricted; every decision is audited. Connect with scripts/beeline -n USER. Stop with Ctrl-C.",
        "The embedded Derby metastore admits one process: stop serve before running nightly."})
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
    System.out.println("Starting HiveServer2 over " + settings.hiveBaseDir() + " ...");
    LocalHiveServer server = LocalHiveServer.builder()
        .baseDir(settings.hiveBaseDir())
        .port(chosen)
        .extraSettings(authz.hiveSiteEntries())
        .extraSettings(settings.hiveCryptoSettings())
        .build()
        .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      HiveRangerPlugin.stopAll();
      stopped.countDown();
    }, "carelake-serve-shutdown"));
    System.out.println("HiveServer2 is up: " + server.jdbcUrl());
    System.out.println("Policies: " + authz.hiveSiteEntries().get(AuthorizationSettings.POLICY_DIR)
        + "  audit: " + authz.hiveSiteEntries().get(AuthorizationSettings.AUDIT_DIR));
    System.out.println("Try: scripts/beeline -n analyst1 -e \"SELECT * FROM snapshot.patient_profile LIMIT 5\"");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
