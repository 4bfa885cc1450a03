package org.carelake.hive.server;

import java.io.IOException;
import java.net.BindException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.conf.MetastoreConf;
import org.apache.hive.service.server.HiveServer2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveServer2 in this JVM, for local runs and tests. Everything it writes lives under one base
 * directory: hive-site.xml, the embedded Derby metastore (metastore_db), the warehouse, scratch
 * directories and operation logs. Queries run on MapReduce's local runner.
 *
 * <pre>{@code
 * try (LocalHiveServer hive = LocalHiveServer.builder().baseDir(dir).build().start();
 *      Connection c = hive.connect("analyst")) { ... }
 * }</pre>
 *
 * <p>Without {@link Builder#passwordFile} anyone may connect under any name (authentication NONE,
 * for tests); with it, HiveServer2 requires a user name and password that file knows.
 *
 * <p>Hive's configuration location is JVM-global (HiveConf.setHiveSiteLocation), so only one
 * LocalHiveServer may run in a JVM at a time.
 */
public final class LocalHiveServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalHiveServer.class);
  private static final AtomicReference<LocalHiveServer> RUNNING = new AtomicReference<>();
  private static final String HIVE_SITE = "hive-site.xml";

  private final Path baseDir;
  private final String bindHost;
  private final int requestedPort;
  private final Optional<String> metastoreUri;
  private final Map<String, String> extraSettings;
  private final Duration startTimeout;
  private final Optional<Path> passwordFile;
  private final Optional<TlsKeystore> tls;
  private final Optional<EmbeddedDerbyMetastore> derby;

  private int port;
  private Map<String, String> settings = Map.of();
  private HiveServer2 server;
  private boolean started;

  private LocalHiveServer(Builder<?> b) {
    this.baseDir = b.baseDir.toAbsolutePath().normalize();
    this.bindHost = b.bindHost;
    this.requestedPort = b.port;
    this.metastoreUri = b.metastoreUri;
    this.extraSettings = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraSettings));
    this.startTimeout = b.startTimeout;
    this.passwordFile = b.passwordFile;
    this.tls = b.tls;
    this.derby = metastoreUri.isPresent()
        ? Optional.empty()
        : Optional.of(new EmbeddedDerbyMetastore(baseDir.resolve(LocalHiveSettings.METASTORE_DB)));
  }

  public static Builder<?> builder() {
    return new Builder<>();
  }

  /**
   * Starts HiveServer2 and returns once a JDBC connection opens. Fails with a
   * {@link HiveServerStartException} naming the port or metastore directory at fault.
   */
  public LocalHiveServer start() {
    if (started) {
      throw new IllegalStateException("LocalHiveServer on port " + port + " is already started");
    }
    LocalHiveServer other = RUNNING.compareAndExchange(null, this);
    if (other != null) {
      throw new HiveServerStartException("A LocalHiveServer (base directory %s, port %d) already runs in this JVM; "
          + "close it first: Hive's hive-site.xml location is global to the JVM", other.baseDir, other.port);
    }
    long t0 = System.nanoTime();
    try {
      createDirectories();
      port = ServerPorts.choose(bindHost, requestedPort);
      derby.ifPresent(db -> db.boot(baseDir.resolve("derby.log")));
      Map<String, String> s = LocalHiveSettings.of(baseDir, bindHost, port, metastoreUri, derby);
      passwordFile.ifPresent(f -> s.putAll(LocalHiveSettings.passwordLogin(f)));
      s.putAll(extraSettings);
      tls.ifPresent(key -> s.putAll(TlsSettings.of(key, baseDir, s)));
      settings = Collections.unmodifiableMap(s);
      HiveConf conf = loadConf(HiveSiteFile.write(hiveSite(), settings));
      server = new HiveServer2();
      server.init(conf);
      server.start();
      started = true;
      awaitJdbc();
      LOG.info("HiveServer2 is up at {} in {} ms (base directory {})", jdbcUrl(),
          Duration.ofNanos(System.nanoTime() - t0).toMillis(), baseDir);
      return this;
    } catch (RuntimeException | Error e) {
      closeQuietly();
      throw translate(e);
    }
  }

  /**
   * Hive builds fresh HiveConf and MetastoreConf objects during start-up, so settings made only on
   * a HiveConf object are lost: both must read this server's hive-site.xml.
   */
  private HiveConf loadConf(URL site) {
    HiveConf.setHiveSiteLocation(site);
    MetastoreConf.setHiveSiteLocation(site);
    HiveConf conf = new HiveConf();
    String seen = conf.get("hive.server2.thrift.port");
    if (!Integer.toString(port).equals(seen)) {
      throw new HiveServerStartException("HiveConf did not read %s (it sees port %s, not %d); is another "
          + "hive-site.xml forced on this JVM?", site, seen, port);
    }
    return conf;
  }

  private void createDirectories() {
    try {
      Files.createDirectories(baseDir);
      for (String d : new String[] {LocalHiveSettings.SCRATCH, LocalHiveSettings.LOCAL_SCRATCH,
          LocalHiveSettings.OPERATION_LOGS, LocalHiveSettings.HADOOP_TMP}) {
        Files.createDirectories(baseDir.resolve(d));
      }
    } catch (IOException e) {
      throw new HiveServerStartException(e, "Cannot create the HiveServer2 base directory %s: %s; give the server a "
          + "writable directory", baseDir, e.getMessage());
    }
  }

  private void awaitJdbc() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (tls.isPresent()) {
          // clients bring their own trust store; the probe trusts the server's key store itself
          TlsProbe.handshake(bindHost, port, tls.get());
          return;
        }
        DriverManager.getConnection(jdbcUrl(), System.getProperty("user.name"), "").close();
        return;
      } catch (IOException e) {
        last = e;
      } catch (SQLException e) {
        if (!"NONE".equalsIgnoreCase(settings.getOrDefault("hive.server2.authentication", "NONE")) && loginRefused(e)) {
          // logins are required (a password file, LDAP) and the probe's empty password was refused: it is up
          return;
        }
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HiveServerStartException(e, "Interrupted while waiting for HiveServer2 at %s", jdbcUrl());
      }
    }
    throw new HiveServerStartException(last, "HiveServer2 at %s did not accept a JDBC connection within %d s "
        + "(last error: %s); see the Hive log and %s, or allow more time with startTimeout", jdbcUrl(),
        startTimeout.toSeconds(), last == null ? "none" : last.getMessage(),
        baseDir.resolve(LocalHiveSettings.OPERATION_LOGS));
  }

  /** Whether HiveServer2 rejected the login (SASL PLAIN: "Peer indicated failure: ..."), as opposed to not answering. */
  static boolean loginRefused(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("Peer indicated failure") || m.contains("Error validating the login"))) {
        return true;
      }
    }
    return false;
  }

  private RuntimeException translate(Throwable e) {
    if (e instanceof HiveServerStartException h) {
      return h;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return new HiveServerStartException(e, "HiveServer2 could not listen on %s:%d (%s): the port was taken "
            + "meanwhile; stop the other process or choose another port (0 picks a free one)", bindHost, port,
            t.getMessage());
      }
    }
    return new HiveServerStartException(e, "HiveServer2 failed to start from %s: %s; see the Hive log above",
        hiveSite(), e);
  }

  /** The JDBC URL of the default database. */
  public String jdbcUrl() {
    return jdbcUrl("default");
  }

  /**
   * The JDBC URL of {@code database}. With TLS it ends in {@code ;ssl=true}: append
   * {@code ;sslTrustStore=FILE;trustStorePassword=...} unless the JVM's default trust store trusts the server.
   */
  public String jdbcUrl(String database) {
    if (database == null || !database.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("'" + database + "' is not a Hive database name (letters, digits, _)");
    }
    String host = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "localhost" : bindHost;
    return "jdbc:hive2://" + host + ":" + port + "/" + database + (tls.isPresent() ? ";ssl=true" : "");
  }

  /** Opens a JDBC session as {@code user} with an empty password on the default database (authentication NONE). */
  public Connection connect(String user) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, "");
  }

  /** Opens a JDBC session on the default database, logging in as {@code user} with {@code password}. */
  public Connection login(String user, String password) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user, password);
  }

  /** Opens a JDBC session as {@code user} on {@code database} with an empty password (authentication NONE). */
  public Connection connect(String user, String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user, "");
  }

  /** The password file HiveServer2 checks logins against, when it requires them. */
  public Optional<Path> passwordFile() {
    return passwordFile;
  }

  /** The key store HiveServer2 serves TLS with, when it does. */
  public Optional<TlsKeystore> tls() {
    return tls;
  }

  public Path baseDir() {
    return baseDir;
  }

  /** The port HiveServer2 listens on (the chosen one when the builder asked for 0). */
  public int port() {
    return port;
  }

  public Path hiveSite() {
    return baseDir.resolve(HIVE_SITE);
  }

  /** The settings written to hive-site.xml (defaults, then the builder's extra settings). */
  public Map<String, String> settings() {
    return settings;
  }

  /** Stops HiveServer2 and releases the embedded metastore database. */
  @Override
  public void close() {
    if (server == null && !RUNNING.compareAndSet(this, null)) {
      return;
    }
    try {
      if (server != null) {
        server.stop();
        LOG.info("HiveServer2 on port {} stopped", port);
      }
      derby.ifPresent(EmbeddedDerbyMetastore::shutdown);
    } finally {
      server = null;
      started = false;
      RUNNING.compareAndSet(this, null);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      LOG.warn("Cleaning up after a failed HiveServer2 start: {}", e.toString());
    }
  }

  /**
   * Options of a {@link LocalHiveServer}. Self-typed, so a builder for a server with more parts
   * (an authorizer, say) can extend it and keep chaining.
   */
  public static class Builder<B extends Builder<B>> {
    /** Settings the server derives from its own options (and checks), with the option to use instead. */
    private static final Map<String, String> OWN_OPTIONS = Map.of(
        "hive.server2.thrift.port", "port(int)",
        "hive.server2.thrift.bind.host", "bindHost(String)",
        "hive.metastore.uris", "metastoreUri(String)",
        "javax.jdo.option.ConnectionURL", "baseDir(Path) (the embedded metastore lives there) or metastoreUri",
        "hive.server2.use.SSL", "tls(TlsKeystore)",
        "hive.server2.keystore.password", "tls(TlsKeystore) (the password must not be written into hive-site.xml)");

    private Path baseDir;
    private String bindHost = "localhost";
    private int port;
    private Optional<String> metastoreUri = Optional.empty();
    private final Map<String, String> extraSettings = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofMinutes(3);
    private Optional<Path> passwordFile = Optional.empty();
    private Optional<TlsKeystore> tls = Optional.empty();

    protected Builder() {
    }

    @SuppressWarnings("unchecked")
    protected final B self() {
      return (B) this;
    }

    /** Holds hive-site.xml, metastore_db, the warehouse, scratch directories and operation logs. Required. */
    public B baseDir(Path dir) {
      this.baseDir = Objects.requireNonNull(dir, "baseDir");
      return self();
    }

    /** The Thrift port; 0 (the default) picks a free one. */
    public B port(int port) {
      this.port = port;
      return self();
    }

    /** The address to listen on; localhost by default. */
    public B bindHost(String host) {
      this.bindHost = Objects.requireNonNull(host, "bindHost");
      return self();
    }

    /** A thrift://host:port metastore to use instead of the embedded Derby one. */
    public B metastoreUri(String uri) {
      if (uri == null || !uri.startsWith("thrift://")) {
        throw new IllegalArgumentException("Metastore URI '" + uri + "' must look like thrift://host:9083");
      }
      this.metastoreUri = Optional.of(uri);
      return self();
    }

    /** Extra hive-site.xml entries (e.g. hive.security.authorization.*); they override the local defaults. */
    public B extraSettings(Map<String, String> settings) {
      settings.forEach(this::setting);
      return self();
    }

    /** One extra hive-site.xml entry; it overrides the local default of the same key. */
    public B setting(String key, String value) {
      String option = OWN_OPTIONS.get(Objects.requireNonNull(key, "key"));
      if (option != null) {
        throw new IllegalArgumentException("Set " + key + " with LocalHiveServer.Builder." + option
            + ", not as an extra setting: the server checks and uses that value itself");
      }
      this.extraSettings.put(key, Objects.requireNonNull(value, key));
      return self();
    }

    /**
     * Requires a login: user and password checked against {@code file} (see
     * org.carelake.hive.auth.PasswordFile), re-read when it changes. Without it, authentication is NONE.
     */
    public B passwordFile(Path file) {
      this.passwordFile = Optional.of(Objects.requireNonNull(file, "passwordFile").toAbsolutePath().normalize());
      return self();
    }

    /**
     * Serves JDBC over TLS only (hive.server2.use.SSL) with {@code key}; plain connections are refused.
     * The password goes into a credential store under the base directory, not into hive-site.xml.
     */
    public B tls(TlsKeystore key) {
      this.tls = Optional.of(Objects.requireNonNull(key, "tls"));
      return self();
    }

    /** How long start() waits for a JDBC connection to open; 3 minutes by default. */
    public B startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
      return self();
    }

    public LocalHiveServer build() {
      if (baseDir == null) {
        throw new IllegalStateException("LocalHiveServer needs baseDir(...): the directory for hive-site.xml, "
            + "the metastore and the scratch space");
      }
      return new LocalHiveServer(this);
    }
  }
}
