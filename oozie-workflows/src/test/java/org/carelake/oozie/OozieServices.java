package org.carelake.oozie;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.oozie.service.Services;

/**
 * Oozie's server-side services in this JVM, without a server: what the workflow parser (EL,
 * schemas, action types) and the coordinator dry run (Hadoop file access, an in-memory HSQLDB
 * JPA store, UUIDs) need. Services is a JVM singleton: started once, shared by the test classes.
 */
final class OozieServices {
  private static final List<String> SERVICES = List.of(
      "org.apache.oozie.service.SchedulerService",
      "org.apache.oozie.service.InstrumentationService",
      "org.apache.oozie.service.MemoryLocksService",
      "org.apache.oozie.service.UUIDService",
      "org.apache.oozie.service.ELService",
      "org.apache.oozie.service.UserGroupInformationService",
      "org.apache.oozie.service.HadoopAccessorService",
      "org.apache.oozie.service.URIHandlerService",
      "org.apache.oozie.service.DagXLogInfoService",
      "org.apache.oozie.service.SchemaService",
      "org.apache.oozie.service.LiteWorkflowAppService",
      "org.apache.oozie.service.JPAService",
      "org.apache.oozie.service.StoreService",
      "org.apache.oozie.service.DBLiteWorkflowStoreService",
      "org.apache.oozie.service.ActionService",
      "org.apache.oozie.service.CallableQueueService");

  private static Services services;

  private OozieServices() {
  }

  /** Oozie's default services without the sharelib (no HDFS here): what LocalOozie starts. */
  static final List<String> LOCAL_OOZIE_SERVICES = List.of(
      "org.apache.oozie.service.SchedulerService",
      "org.apache.oozie.service.MetricsInstrumentationService",
      "org.apache.oozie.service.MemoryLocksService",
      "org.apache.oozie.service.UUIDService",
      "org.apache.oozie.service.ELService",
      "org.apache.oozie.service.AuthorizationService",
      "org.apache.oozie.service.UserGroupInformationService",
      "org.apache.oozie.service.HadoopAccessorService",
      "org.apache.oozie.service.JobsConcurrencyService",
      "org.apache.oozie.service.URIHandlerService",
      "org.apache.oozie.service.DagXLogInfoService",
      "org.apache.oozie.service.SchemaService",
      "org.apache.oozie.service.LiteWorkflowAppService",
      "org.apache.oozie.service.JPAService",
      "org.apache.oozie.service.StoreService",
      "org.apache.oozie.service.DBLiteWorkflowStoreService",
      "org.apache.oozie.service.CallbackService",
      "org.apache.oozie.service.ActionService",
      "org.apache.oozie.service.CallableQueueService",
      "org.apache.oozie.service.ActionCheckerService",
      "org.apache.oozie.service.RecoveryService",
      "org.apache.oozie.service.CoordinatorEngineService",
      "org.apache.oozie.service.BundleEngineService",
      "org.apache.oozie.service.DagEngineService",
      "org.apache.oozie.service.StatusTransitService",
      "org.apache.oozie.service.PauseTransitService",
      "org.apache.oozie.service.GroupsService",
      "org.apache.oozie.service.ProxyUserService");

  static synchronized Services start() {
    if (services != null) {
      return services;
    }
    try {
      configureHome(Files.createTempDirectory("oozie-home"), SERVICES);
      Services s = new Services();
      s.init();
      services = s;
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Oozie services did not start: " + e, e);
    }
  }

  /** Writes an Oozie home (conf/oozie-site.xml naming {@code serviceClasses}) and points the system properties at it. */
  static void configureHome(Path home, List<String> serviceClasses) {
    try {
      Files.createDirectories(home);
      Path conf = Files.createDirectories(home.resolve("conf"));
      Path hadoopConf = Files.createDirectories(conf.resolve("hadoop-conf"));
      Files.writeString(hadoopConf.resolve("core-site.xml"), "<configuration/>\n");
      Files.createDirectories(conf.resolve("action-conf"));
      Map<String, String> site = new LinkedHashMap<>();
      site.put("oozie.services", String.join(",", serviceClasses));
      site.put("oozie.service.JPAService.jdbc.driver", "org.hsqldb.jdbcDriver");
      site.put("oozie.service.JPAService.jdbc.url", "jdbc:hsqldb:mem:oozie-" + ProcessHandle.current().pid());
      site.put("oozie.service.JPAService.jdbc.username", "sa");
      site.put("oozie.service.JPAService.jdbc.password", "");
      site.put("oozie.service.JPAService.create.db.schema", "true");
      site.put("oozie.service.JPAService.validate.db.connection", "false");
      site.put("oozie.service.HadoopAccessorService.hadoop.configurations", "*=" + hadoopConf);
      site.put("oozie.service.HadoopAccessorService.supported.filesystems", "*");
      site.put("oozie.service.HadoopAccessorService.kerberos.enabled", "false");
      site.put("oozie.service.ActionService.executor.ext.classes",
          "org.apache.oozie.action.email.EmailActionExecutor,org.apache.oozie.action.hadoop.SqoopActionExecutor,"
              + "org.apache.oozie.action.hadoop.Hive2ActionExecutor");
      site.put("oozie.service.coord.check.maximum.frequency", "false");
      // the dry run lists the actions of this many seconds after the start (x1000 must fit an int)
      site.put("oozie.service.CoordMaterializeTriggerService.materialization.window", "1728000");
      StringBuilder xml = new StringBuilder("<configuration>\n");
      site.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>").append(v)
          .append("</value></property>\n"));
      xml.append("</configuration>\n");
      Files.writeString(conf.resolve("oozie-site.xml"), xml);
      System.setProperty("oozie.home.dir", home.toString());
      System.setProperty("oozie.config.dir", conf.toString());
      System.setProperty("oozie.data.dir", Files.createDirectories(home.resolve("data")).toString());
      System.setProperty("oozie.log.dir", Files.createDirectories(home.resolve("logs")).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
