package org.carelake.pipeline.steps;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.carelake.hive.lineage.HiveLineageHook;
import org.carelake.hive.lineage.HiveLineageSettings;
import org.carelake.hive.lineage.StatementLineage;
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
  private final String user;
  private final org.apache.hadoop.fs.Path lineageDir;
  private final org.apache.hadoop.conf.Configuration conf;

  private HiveSession(LocalHiveServer server, Connection connection, String user, org.apache.hadoop.fs.Path lineageDir,
      org.apache.hadoop.conf.Configuration conf) {
    this.server = server;
    this.connection = connection;
    this.user = user;
    this.lineageDir = lineageDir;
    this.conf = conf;
  }

  /**
   * A session on a server started elsewhere, whose {@link HiveLineageHook} writes under {@code lineageDir};
   * {@code connection} is logged in as {@code user}. Closing the session closes both.
   */
  public static HiveSession over(LocalHiveServer server, Connection connection, String user,
      org.apache.hadoop.fs.Path lineageDir, org.apache.hadoop.conf.Configuration conf) {
    return new HiveSession(server, connection, user, lineageDir, conf);
  }

  /** Starts (once per run) HiveServer2 over the configured metastore and logs in as etl. */
  public static HiveSession of(RunContext ctx, java.nio.file.Path hiveBaseDir, Map<String, String> extraSettings) {
    return ctx.resource(HiveSession.class, () -> {
      HiveServerConfig config = HiveServerConfig.of(ctx.conf(), ctx.home());
      ctx.progress().info("       starting HiveServer2 (%s)", config.metastoreUri().map(u -> "metastore " + u)
          .orElse("embedded metastore in " + hiveBaseDir));
      String password = config.etlPassword();
      AuthorizationSettings authz = AuthorizationSettings.local(ctx.home().root(), hiveBaseDir);
      // each statement's lineage record (session user, job ids, column lineage), in the run's work area
      org.apache.hadoop.fs.Path lineageDir = new org.apache.hadoop.fs.Path(ctx.lake().runWork(ctx.runId()), "hive-lineage");
      LocalHiveServer.Builder<?> builder = LocalHiveServer.builder()
          .baseDir(hiveBaseDir)
          .port(0)
          .extraSettings(authz.hiveSiteEntries())
          .extraSettings(HiveLineageSettings.hiveSiteEntries(lineageDir.toString()))
          .extraSettings(extraSettings);
      config.apply(builder);
      LocalHiveServer server = builder.build().start();
      try {
        return new HiveSession(server, server.login(ETL_USER, password), ETL_USER, lineageDir, ctx.conf());
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

  /** The user the connection is logged in as: the session user of its statements. */
  public String user() {
    return user;
  }

  public LocalHiveServer server() {
    return server;
  }

  /** The lineage record the server's hook wrote for a statement, if any. */
  public java.util.Optional<StatementLineage> lineage(String queryId) {
    if (queryId == null) {
      return java.util.Optional.empty();
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(lineageDir, HiveLineageHook.fileName(queryId));
    try (java.io.InputStream in = file.getFileSystem(conf).open(file)) {
      return java.util.Optional.of(StatementLineage.read(in));
    } catch (java.io.FileNotFoundException e) {
      return java.util.Optional.empty();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot read the lineage record " + file + ": " + e.getMessage(), e);
    }
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
