package org.carelake.hive.metastore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.tools.schematool.MetastoreSchemaTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the metastore schema in an empty database with Hive's own MetastoreSchemaTool and the
 * scripts of the hive-standalone-metastore-server bin distribution (unpacked by hive/pom.xml into
 * hive/target/metastore-scripts), and checks the version of a database that has one.
 */
public final class MetastoreSchema {
  /** Where hive/pom.xml unpacks the bin distribution's scripts, relative to the CareLake home. */
  public static final String SCRIPTS_HOME = "hive/target/metastore-scripts/apache-hive-metastore-4.0.1-bin";
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreSchema.class);

  private MetastoreSchema() {
  }

  /** The scripts directory under {@code careLakeHome}, checked. */
  public static Path scriptsHome(Path careLakeHome) {
    Path home = careLakeHome.resolve(SCRIPTS_HOME);
    if (!Files.isDirectory(home.resolve("scripts/metastore/upgrade"))) {
      throw new IllegalStateException(home + " holds no metastore schema scripts; build the hive module "
          + "(mvn -q -DskipTests package -pl hive -am), which unpacks them from "
          + "org.apache.hive:hive-standalone-metastore-server:4.0.1:tar.gz:bin");
    }
    return home;
  }

  /** Whether the database already holds a metastore schema (its VERSION table). */
  public static boolean exists(MetastoreDatabase db) {
    try (Connection c = db.connect()) {
      DatabaseMetaData md = c.getMetaData();
      for (String name : List.of("VERSION", "version")) {
        try (ResultSet rs = md.getTables(null, null, name, new String[] {"TABLE"})) {
          if (rs.next()) {
            return true;
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to the metastore database " + db.jdbcUrl() + " as "
          + db.user() + " (" + e.getMessage() + "); check the URL, user and password file", e);
    }
  }

  /**
   * Creates the schema when the database has none (true), else verifies that its version is the one
   * this Hive expects (false). Fails naming the database and what to do.
   */
  public static boolean ensure(MetastoreDatabase db, Path scriptsHome) {
    boolean create = !exists(db);
    String[] args = {"-dbType", db.dbType(), create ? "-initSchema" : "-info", "-url", db.jdbcUrl(), "-driver",
        db.driver(), "-userName", db.user(), "-passWord", db.password()};
    int exit;
    try {
      exit = new MetastoreSchemaTool().run(scriptsHome.toString(), args, null, new Configuration(false));
    } catch (RuntimeException e) {
      throw new IllegalStateException("MetastoreSchemaTool failed on " + db.jdbcUrl() + ": " + e.getMessage(), e);
    }
    if (exit != 0) {
      throw new IllegalStateException("MetastoreSchemaTool " + (create ? "could not create" : "found a problem with")
          + " the metastore schema in " + db.jdbcUrl() + " (exit " + exit + "); see its output above"
          + (create ? "" : "; a database made by another Hive version needs `schematool -upgradeSchema`"));
    }
    LOG.info("Metastore schema in {} {}", db.jdbcUrl(), create ? "created" : "verified");
    return create;
  }
}
