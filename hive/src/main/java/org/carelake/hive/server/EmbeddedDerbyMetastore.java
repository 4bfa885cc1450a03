package org.carelake.hive.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The embedded Derby database behind a local metastore. Derby lets only one JVM boot a database
 * directory, and Hive reports a second one as a vague metastore error deep in its start-up, so the
 * database is booted here first, where the failure can name the directory.
 */
final class EmbeddedDerbyMetastore {
  /** Derby's "Another instance of Derby may have already booted the database", chained under XJ040. */
  private static final String BOOTED_ELSEWHERE = "XSDB6";
  /** Derby reports a successful single-database shutdown as this SQLState. */
  private static final String DATABASE_SHUT_DOWN = "08006";

  private final Path directory;
  private boolean booted;

  EmbeddedDerbyMetastore(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  Path directory() {
    return directory;
  }

  /** The javax.jdo.option.ConnectionURL Hive's metastore uses. */
  String connectionUrl() {
    return "jdbc:derby:;databaseName=" + directory + ";create=true";
  }

  /** Boots (creating if needed) the database in this JVM, or explains why it cannot. */
  void boot(Path derbyLog) {
    // Derby writes derby.log into the working directory unless told otherwise; read once per JVM.
    if (System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", derbyLog.toAbsolutePath().toString());
    }
    try (Connection c = DriverManager.getConnection(connectionUrl())) {
      booted = c.isValid(5);
    } catch (SQLException e) {
      if (isBootedElsewhere(e)) {
        throw new HiveServerStartException(e, "The embedded metastore database %s is in use by another process "
            + "(likely a running `carelake serve` or HiveServer2 over the same base directory): stop that process, "
            + "or give this server another base directory", directory);
      }
      throw new HiveServerStartException(e, "Cannot open the embedded metastore database %s (%s: %s); check that the "
          + "directory is writable, or delete it to start with an empty metastore", directory, e.getSQLState(),
          e.getMessage());
    }
  }

  /** Shuts the database down so that another process can boot it while this JVM lives on. */
  void shutdown() {
    if (!booted) {
      return;
    }
    booted = false;
    try {
      DriverManager.getConnection("jdbc:derby:;databaseName=" + directory + ";shutdown=true").close();
    } catch (SQLException e) {
      if (!DATABASE_SHUT_DOWN.equals(e.getSQLState())) {
        throw new IllegalStateException(String.format("Could not shut down the embedded metastore database %s (%s): "
            + "%s; it is released when this JVM exits", directory, e.getSQLState(), e.getMessage()), e);
      }
    }
  }

  private static boolean isBootedElsewhere(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        for (SQLException n = s; n != null; n = n.getNextException()) {
          if (BOOTED_ELSEWHERE.equals(n.getSQLState())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
