package org.carelake.hive.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.carelake.hive.auth.PasswordFileAuthenticator;

/**
 * The hive-site.xml entries of a local HiveServer2: everything under one base directory,
 * MapReduce's local runner, no ZooKeeper, locks or transactions. Each value below was needed
 * to run HiveServer2 in-process on JDK 17 (docs/STACK.md, "Hive 4.0.1 in-process").
 */
final class LocalHiveSettings {
  /** Sub-directories of the base directory. */
  static final String METASTORE_DB = "metastore_db";
  static final String WAREHOUSE = "warehouse";
  static final String EXTERNAL_WAREHOUSE = "warehouse-external";
  static final String SCRATCH = "scratch";
  static final String LOCAL_SCRATCH = "local-scratch";
  static final String RESOURCES = "resources";
  static final String OPERATION_LOGS = "operation_logs";
  static final String QUERY_LOGS = "query_logs";
  static final String HADOOP_TMP = "hadoop-tmp";

  private LocalHiveSettings() {
  }

  static Map<String, String> of(Path baseDir, String bindHost, int port, Optional<String> metastoreUri,
      Optional<EmbeddedDerbyMetastore> derby) {
    Path base = baseDir.toAbsolutePath().normalize();
    Map<String, String> s = new LinkedHashMap<>();
    // HiveServer2: binary Thrift on one port, no web UI, sessions run as the service user.
    s.put("hive.server2.thrift.bind.host", bindHost);
    s.put("hive.server2.thrift.port", Integer.toString(port));
    s.put("hive.server2.transport.mode", "binary");
    s.put("hive.server2.authentication", "NONE");
    s.put("hive.server2.enable.doAs", "false");
    s.put("hive.server2.webui.port", "0");
    s.put("hive.server2.support.dynamic.service.discovery", "false");
    // The JDBC user, not the OS user, is the session user (current_user(), the authorizer).
    s.put("hive.security.authenticator.manager", "org.apache.hadoop.hive.ql.security.SessionStateUserAuthenticator");
    s.put("hive.server2.logging.operation.enabled", "true");
    s.put("hive.server2.logging.operation.log.location", base.resolve(OPERATION_LOGS).toString());
    // Background services a single local server does not need; each polls the metastore.
    s.put("hive.server2.materializedviews.registry.impl", "DUMMY");
    s.put("hive.scheduled.queries.executor.enabled", "false");
    s.put("hive.server2.clear.dangling.scratchdir", "false");
    // In-process, Hive's session console (job progress, "No Stats for ...") would print on the
    // caller's stdout/stderr; operation logs and log4j keep the detail.
    s.put("hive.session.silent", "true");

    // Metastore: embedded Derby, or an external Thrift metastore.
    if (metastoreUri.isPresent()) {
      s.put("hive.metastore.uris", metastoreUri.get());
    } else {
      EmbeddedDerbyMetastore db = derby.orElseThrow();
      s.put("hive.metastore.uris", "");
      s.put("javax.jdo.option.ConnectionURL", db.connectionUrl());
      s.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
      s.put("datanucleus.schema.autoCreateAll", "true");
      s.put("hive.metastore.schema.verification", "false");
    }
    s.put("hive.metastore.warehouse.dir", base.resolve(WAREHOUSE).toUri().toString());
    s.put("hive.metastore.warehouse.external.dir", base.resolve(EXTERNAL_WAREHOUSE).toUri().toString());

    // Execution: MapReduce's local runner on the local file system.
    s.put("fs.defaultFS", "file:///");
    s.put("hive.execution.engine", "mr");
    s.put("mapreduce.framework.name", "local");
    s.put("mapreduce.jobtracker.address", "local");
    s.put("hadoop.tmp.dir", base.resolve(HADOOP_TMP).toString());
    // Build map-join hash tables in this JVM instead of spawning $HADOOP_HOME/bin/hadoop.
    s.put("hive.exec.submitviachild", "false");
    s.put("hive.exec.submit.local.task.via.child", "false");
    s.put("hive.exec.scratchdir", base.resolve(SCRATCH).toString());
    s.put("hive.exec.local.scratchdir", base.resolve(LOCAL_SCRATCH).toString());
    s.put("hive.downloaded.resources.dir", base.resolve(RESOURCES).toString());
    s.put("hive.querylog.location", base.resolve(QUERY_LOGS).toString());

    // No ZooKeeper lock manager and no ACID: tables are external, written by whole partitions.
    s.put("hive.support.concurrency", "false");
    s.put("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
    s.put("hive.stats.autogather", "false");
    s.put("hive.stats.column.autogather", "false");
    // With no statistics gathered there are none to fetch; and autoCreateAll makes metastore tables
    // only as they are first used, so the fetch fails on the missing PART_COL_STATS with an ERROR
    // per query over a partitioned table.
    s.put("hive.stats.fetch.column.stats", "false");
    return s;
  }

  /** Logins checked against a password file (CUSTOM authentication over SASL PLAIN). */
  static Map<String, String> passwordLogin(Path passwordFile) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hive.server2.authentication", "CUSTOM");
    s.put("hive.server2.custom.authentication.class", PasswordFileAuthenticator.class.getName());
    s.put(PasswordFileAuthenticator.PASSWORD_FILE, passwordFile.toAbsolutePath().normalize().toString());
    return s;
  }
}
