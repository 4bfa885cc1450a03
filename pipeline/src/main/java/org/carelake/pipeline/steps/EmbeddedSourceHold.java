package org.carelake.pipeline.steps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.carelake.pipeline.config.SourceConnection;

/**
 * Keeps the embedded H2 source databases open for the whole run. With AUTO_SERVER the first
 * process to open an H2 file serves it to the others; if that were one of the parallel Sqoop
 * children, its siblings would lose their connection when it exits. Holding the files here
 * makes the pipeline the server for every child.
 */
public final class EmbeddedSourceHold implements AutoCloseable {
  private final List<Connection> connections = new ArrayList<>();

  public EmbeddedSourceHold(Collection<SourceConnection> sources) {
    try {
      for (SourceConnection s : sources) {
        connections.add(DriverManager.getConnection(s.jdbcUrl(), s.user().orElse("sa"), ""));
      }
    } catch (SQLException e) {
      close();
      throw new IllegalStateException("Cannot open the embedded H2 source databases: " + e.getMessage()
          + "; is another CareLake run using them? (files under the work directory's sources/)", e);
    }
  }

  @Override
  public void close() {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException e) {
        // closing a read-only hold; nothing to recover
      }
    }
    connections.clear();
  }
}
