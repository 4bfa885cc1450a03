package org.carelake.hive.server;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * Run in a child JVM by {@link LocalHiveServerStartupTest}: boots an embedded Derby database (as a
 * running `carelake serve` would hold its metastore), says "ready", and holds it until stdin closes.
 */
public final class DerbyHolder {
  private DerbyHolder() {
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("derby.stream.error.file", args[0] + ".log");
    try (Connection c = DriverManager.getConnection("jdbc:derby:;databaseName=" + args[0] + ";create=true")) {
      System.out.println(c.isValid(5) ? "ready" : "not valid");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the database until the parent closes our stdin or ends us
      }
    }
  }
}
