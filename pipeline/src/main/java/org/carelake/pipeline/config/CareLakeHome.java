package org.carelake.pipeline.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.carelake.catalog.DataCatalog;

/**
 * The CareLake installation: the repository checkout holding the catalog, the Sqoop options
 * files, the HQL, the Ranger policies and the built modules. Found from -Dcarelake.home (set by
 * scripts/carelake and by the test runner), else $CARELAKE_HOME, else the working directory.
 */
public final class CareLakeHome {
  private final Path root;

  private CareLakeHome(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public static CareLakeHome of(Path root) {
    CareLakeHome home = new CareLakeHome(root);
    if (!Files.isRegularFile(home.catalogFile())) {
      throw new PipelineConfigException("%s is not a CareLake checkout (no %s); run from the repository root "
          + "or set CARELAKE_HOME / -Dcarelake.home", home.root, DataCatalog.DEFAULT_RELATIVE_PATH);
    }
    return home;
  }

  public static CareLakeHome discover() {
    String prop = System.getProperty("carelake.home");
    if (prop != null && !prop.isBlank()) {
      return of(Path.of(prop));
    }
    String env = System.getenv("CARELAKE_HOME");
    if (env != null && !env.isBlank()) {
      return of(Path.of(env));
    }
    return of(Path.of(""));
  }

  public Path root() {
    return root;
  }

  public Path catalogFile() {
    return root.resolve(DataCatalog.DEFAULT_RELATIVE_PATH);
  }

  /** sqoop-jobs/&lt;source&gt;/&lt;table&gt;.options */
  public Path sqoopOptionsFile(String source, String table) {
    return root.resolve("sqoop-jobs").resolve(source).resolve(table + ".options");
  }

  /** An HQL file, relative to hive/hql (e.g. "ddl/databases.hql"). */
  public Path hql(String relative) {
    return root.resolve("hive").resolve("hql").resolve(relative);
  }

  public Path rangerPolicyDir() {
    return root.resolve("ranger-policies");
  }

  public Path localUserGroupsFile() {
    return rangerPolicyDir().resolve("local-user-groups.properties");
  }

  /** A Maven module's directory (for launching it in its own JVM). */
  public Path module(String name) {
    return root.resolve(name);
  }

  /** The default work directory for embedded runs: &lt;home&gt;/local. */
  public Path defaultWorkDir() {
    return root.resolve("local");
  }
}
