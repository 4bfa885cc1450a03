package org.carelake.pipeline.steps;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.carelake.hive.ranger.AuthorizationSettings;
import org.carelake.hive.ranger.HiveRangerPlugin;
import org.carelake.hive.server.LocalHiveServer;
import org.carelake.pipeline.run.RunContext;

/**
 * A HiveServer2 for the run's Hive steps, with the Ranger-backed authorizer on (the pipeline
 * works as the etl user, whose policies are in ranger-policies/ like everyone else's), and
 * one JDBC connection as that user.
 */
public final class HiveSession implements AutoCloseable {
  /** The principal the pipeline's Hive statements run as. */
  public static final String ETL_USER = "etl";

  private final LocalHiveServer server;
  private final Connection connection;

  private HiveSession(LocalHiveServer server, Connection connection) {
    this.server = server;
    this.connection = connection;
  }

  /** Starts (once per run) HiveServer2 over the local metastore and connects as etl. */
  public static HiveSession of(RunContext ctx, java.nio.file.Path hiveBaseDir, Map<String, String> extraSettings) {
    return ctx.resource(HiveSession.class, () -> {
      ctx.progress().info("       starting HiveServer2 (embedded metastore in %s)", hiveBaseDir);
      AuthorizationSettings authz = AuthorizationSettings.local(ctx.home().root(), hiveBaseDir);
      LocalHiveServer server = LocalHiveServer.builder()
          .baseDir(hiveBaseDir)
          .port(0)
          .extraSettings(authz.hiveSiteEntries())
          .extraSettings(extraSettings)
          .build()
          .start();
      try {
        return new HiveSession(server, server.connect(ETL_USER));
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
