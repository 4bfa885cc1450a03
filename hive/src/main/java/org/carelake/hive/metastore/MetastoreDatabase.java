package org.carelake.hive.metastore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The relational database behind a Thrift metastore: its JDBC URL, user and password, and the
 * MetastoreSchemaTool dbType and driver its URL implies. The password is held in memory only; it
 * reaches the metastore through a Hadoop credential provider, never a configuration file.
 */
public record MetastoreDatabase(String jdbcUrl, String user, String password) {
  public MetastoreDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    password = password == null ? "" : password;
    dbType(jdbcUrl);
  }

  /** MetastoreSchemaTool's -dbType for this URL. */
  public String dbType() {
    return dbType(jdbcUrl);
  }

  public String driver() {
    return switch (dbType()) {
      case "postgres" -> "org.postgresql.Driver";
      case "mysql" -> jdbcUrl.startsWith("jdbc:mariadb:") ? "org.mariadb.jdbc.Driver" : "com.mysql.cj.jdbc.Driver";
      default -> throw new AssertionError(dbType());
    };
  }

  private static String dbType(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return "postgres";
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return "mysql";
    }
    throw new IllegalArgumentException("Metastore database URL '" + url + "' is neither PostgreSQL "
        + "(jdbc:postgresql://host:5432/db) nor MySQL/MariaDB; the embedded Derby metastore needs no URL");
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  @Override
  public String toString() {
    return "MetastoreDatabase[" + jdbcUrl + ", user " + user + "]";
  }
}
