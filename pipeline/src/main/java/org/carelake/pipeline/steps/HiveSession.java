package org.carelake.pipeline.steps;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.config.HiveServerConfig;
import org.carelake.pipeline.run.RunContext;

/**
 * A HiveServer2 for the run's Hive steps, with the Ranger-backed authorizer on (the pipeline
 * works as the etl user, whose policies are in ranger-policies/ like everyone else's), logins
 * required ({@link HiveServerConfig}: the etl password is generated on first run), and one JDBC
 * connection as that user.
 */
public final class HiveSession implements AutoCloseable {
  /** The principal the pipeline's Hive statements run as. */
  public static final String ETL_USER = HiveServerConfig.ETL_USER;

  private final LocalHiveServer server;
  private final Connection connection;

  private HiveSession(LocalHiveServer server, Connection connection) {
    this.server = server;
    this.connection = connection;
  }

  /** Starts (once per run) HiveServer2 over the configured metastore and logs in as etl. */
  public static HiveSession of(RunContext ctx, java.nio.file.Path hiveBaseDir, Map<String, String> extraSettings) {
    return ctx.resource(HiveSession.class, () -> {
      HiveServerConfig config = HiveServerConfig.of(ctx.conf(), ctx.home());
      ctx.progress().info("       starting HiveServer2 (%s)", config.metastoreUri().map(u -> "metastore " + u)
          .orElse("embedded metastore in " + hiveBaseDir));
      String password = config.etlPassword();
      AuthorizationSettings authz = AuthorizationSettings.local(ctx.home().root(), hiveBaseDir);
      LocalHiveServer.Builder<?> builder = LocalHiveServer.builder()
          .baseDir(hiveBaseDir)
          .port(0)
          .extraSettings(authz.hiveSiteEntries())
          .extraSettings(extraSettings);
      config.apply(builder);
      LocalHiveServer server = builder.build().start();
      try {
        return new HiveSession(server, server.login(ETL_USER, password));
      } catch (SQLException e) {
        server.close();
        throw new IllegalStateException("HiveServer2 started but refused a connection as " + ETL_USER + ": "
            + e.getMessage(), e);
      }
    });
  }

  public Connection connection() {
    return connection;
  }

  public LocalHiveServer server() {
    return server;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the server is stopped next anyway
    } finally {
      server.close();
      // the authorizer's policy refreshers outlive the server otherwise
      HiveRangerPlugin.stopAll();
    }
  }
}
