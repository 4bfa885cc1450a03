package org.carelake.sources;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A uniquely named database on the local PostgreSQL or MariaDB server, dropped on close. */
public final class ScratchDatabase implements AutoCloseable {
  private static final String PG_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final String MARIADB_ADMIN = "jdbc:mariadb://127.0.0.1:3306/";

  private final String adminUrl;
  private final String url;
  private final String user;
  private final String password;
  private final String name;
  private final String dropSql;

  private ScratchDatabase(String adminUrl, String url, String user, String password, String name, String dropSql) {
    this.adminUrl = adminUrl;
    this.url = url;
    this.user = user;
    this.password = password;
    this.name = name;
    this.dropSql = dropSql;
  }

  public static ScratchDatabase postgres(String purpose) throws SQLException {
    String name = uniqueName(purpose);
    execute(PG_ADMIN, "postgres", "", "CREATE DATABASE " + name);
    return new ScratchDatabase(PG_ADMIN, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "", name,
        "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  public static ScratchDatabase mariadb(String purpose) throws SQLException {
    String name = uniqueName(purpose);
    execute(MARIADB_ADMIN, "root", "", "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    return new ScratchDatabase(MARIADB_ADMIN, "jdbc:mariadb://127.0.0.1:3306/" + name, "root", "", name,
        "DROP DATABASE IF EXISTS " + name);
  }

  private static String uniqueName(String purpose) {
    return "carelake_" + purpose + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void execute(String url, String user, String password, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public String name() {
    return name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public void close() throws SQLException {
    execute(adminUrl, user, password, dropSql);
  }
}
