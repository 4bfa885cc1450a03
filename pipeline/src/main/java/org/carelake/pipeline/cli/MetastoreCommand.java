package org.carelake.pipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.carelake.hive.auth.ServiceLogin;
import org.carelake.hive.metastore.MetastoreDatabase;
import org.carelake.hive.metastore.MetastoreSchema;
import org.carelake.hive.metastore.ThriftMetastore;
import org.carelake.pipeline.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** scripts/carelake metastore: an external Thrift metastore on PostgreSQL (or MySQL), as on EMR. */
@Command(name = "metastore", mixinStandardHelpOptions = true,
    description = {
        "An external Hive metastore: `init` creates its schema with Hive's MetastoreSchemaTool in an empty",
        "PostgreSQL (or MySQL) database, `start` serves it over Thrift in this JVM. Then point serve and nightly",
        "at it with -D carelake.hive.metastore.uri=thrift://localhost:PORT. Without that setting they keep the",
        "embedded Derby metastore under the work directory."},
    subcommands = {MetastoreCommand.Init.class, MetastoreCommand.Start.class})
final class MetastoreCommand {

  /** Where the metastore's database is. */
  static final class Database {
    @Option(names = "--db-url", required = true, paramLabel = "JDBC_URL",
        description = "e.g. jdbc:postgresql://127.0.0.1:5432/carelake_metastore (the database must exist).")
    String url;

    @Option(names = "--db-user", required = true, paramLabel = "USER", description = "Database user.")
    String user;

    @Option(names = "--db-password-file", paramLabel = "FILE",
        description = "File whose first line is the database password (mode 0600 or 0400); none without it.")
    Path passwordFile;

    MetastoreDatabase database() {
      return new MetastoreDatabase(url, user, passwordFile == null ? "" : ServiceLogin.read(passwordFile));
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Creates the metastore schema (Hive 4.0.x) in the database, or checks the one it has.")
  static final class Init implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    Database db = new Database();

    @Override
    public Integer call() {
      Settings settings = common.settings();
      MetastoreDatabase database = db.database();
      boolean created = MetastoreSchema.ensure(database, MetastoreSchema.scriptsHome(settings.home().root()));
      System.out.println("Metastore schema " + (created ? "created in " : "already in ") + database.jdbcUrl());
      return 0;
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {
          "Serves the metastore over Thrift until Ctrl-C (creating the schema first when the database has none).",
          "Its settings and credential store live under <work-dir>/metastore."})
  static final class Start implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    Database db = new Database();

    @Option(names = "--port", defaultValue = "9083", paramLabel = "PORT",
        description = "Thrift port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
      Settings settings = common.settings();
      MetastoreDatabase database = db.database();
      MetastoreSchema.ensure(database, MetastoreSchema.scriptsHome(settings.home().root()));
      Path base = settings.workDir().root().resolve("metastore");
      String warehouse = settings.workDir().hiveDir().resolve("warehouse").toUri().toString().replaceAll("/$", "");
      System.out.println("Metastore on " + database.jdbcUrl() + " serving thrift://localhost:" + port
          + "  (use: -D carelake.hive.metastore.uri=thrift://localhost:" + port + "; Ctrl-C stops it)");
      try {
        ThriftMetastore.run(database, port, base, warehouse);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException("The metastore stopped: " + t, t);
      }
      return 0;
    }
  }
}
