package org.carelake.sqoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.sqoop.Sqoop;
import org.carelake.sources.SqlDialect;

/**
 * One Sqoop 1.4.7 import run in this JVM: the checked options-file tokens plus the dynamic
 * part (connection, window, target, mappers, private directories).
 */
final class SqoopImport {
  /** Sqoop's default for its auto-created jar directory is /tmp/sqoop-USER/compile: read from here. */
  private static final String SQOOP_TMP_PROPERTY = "test.build.data";
  /** Sqoop's default --outdir is the current directory: read from here. */
  private static final String SQOOP_SRC_PROPERTY = "sqoop.src.dir";

  private SqoopImport() {
  }

  /**
   * The Sqoop argument list. PostgreSQL gets its own manager named explicitly: without a
   * manager Sqoop asks every factory, and the Oracle one needs log4j 1.x, absent here. H2 and
   * MariaDB (jdbc:mariadb://) go through GenericJdbcManager with --driver.
   */
  static List<String> arguments(List<String> optionTokens, String connect, SqlDialect dialect,
      Optional<String> username, Optional<String> passwordFileUri, Optional<String> passwordAlias,
      Optional<String> where, String targetDir,
      int mappers, PrivateWorkDir work) {
    List<String> a = new ArrayList<>();
    a.add("import");
    a.addAll(optionTokens);
    a.add("--connect");
    a.add(connect);
    if (dialect == SqlDialect.POSTGRESQL) {
      a.add("--connection-manager");
      a.add("org.apache.sqoop.manager.PostgresqlManager");
    } else {
      a.add("--connection-manager");
      a.add("org.apache.sqoop.manager.GenericJdbcManager");
      a.add("--driver");
      a.add(dialect.driverClass());
    }
    username.ifPresent(u -> {
      a.add("--username");
      a.add(u);
    });
    passwordFileUri.ifPresent(p -> {
      a.add("--password-file");
      a.add(p);
    });
    // the alias is resolved by Sqoop through hadoop.security.credential.provider.path in the job conf
    passwordAlias.ifPresent(p -> {
      a.add("--password-alias");
      a.add(p);
    });
    where.ifPresent(w -> {
      a.add("--where");
      a.add(w);
    });
    a.add("--target-dir");
    a.add(targetDir);
    a.add("--num-mappers");
    a.add(Integer.toString(mappers));
    a.add("--outdir");
    a.add(work.resolve("src").toString());
    a.add("--bindir");
    a.add(work.resolve("classes").toString());
    a.add("--temporary-rootdir");
    a.add(work.resolve("sqoop-tmp").toString());
    return a;
  }

  /**
   * Runs Sqoop and returns its exit code. Errors thrown out of runTool (a missing jar) become
   * an ImportFailure. Sqoop's own default directories are pointed into the work dir meanwhile.
   */
  static int run(List<String> arguments, Configuration conf, PrivateWorkDir work) {
    String oldTmp = System.setProperty(SQOOP_TMP_PROPERTY, work.resolve("sqoop-compile").toString());
    String oldSrc = System.setProperty(SQOOP_SRC_PROPERTY, work.resolve("src").toString());
    try {
      return Sqoop.runTool(arguments.toArray(new String[0]), conf);
    } catch (Throwable t) {
      throw new ImportFailure("Sqoop aborted with " + t.getClass().getName() + ": " + t.getMessage()
          + "; check the classpath (sqoop-jobs/target/classpath.txt) and that a JDK runs this process", t);
    } finally {
      restore(SQOOP_TMP_PROPERTY, oldTmp);
      restore(SQOOP_SRC_PROPERTY, oldSrc);
    }
  }

  private static void restore(String key, String old) {
    if (old == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, old);
    }
  }
}
