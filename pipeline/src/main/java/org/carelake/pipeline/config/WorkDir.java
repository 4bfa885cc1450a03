package org.carelake.pipeline.config;

import java.nio.file.Path;

/**
 * The local work directory of embedded runs (default &lt;home&gt;/local, git-ignored): H2 source
 * databases, the lake, the Hive metastore, the local key store, logs and per-run scratch space.
 */
public record WorkDir(Path root) {
  public WorkDir {
    root = root.toAbsolutePath().normalize();
  }

  public Path sourcesDir() {
    return root.resolve("sources");
  }

  public Path lakeDir() {
    return root.resolve("lake");
  }

  public Path hiveDir() {
    return root.resolve("hive");
  }

  /** The local credential store holding the token key (0600). */
  public Path keyStore() {
    return root.resolve("keys").resolve("carelake.jceks");
  }

  /** The local key store (JCEKS key provider, 0600) of the zones' Parquet master keys. */
  public Path kmsKeyStore() {
    return root.resolve("keys").resolve("carelake-kms.jceks");
  }

  /** The self-signed TLS key of a local HiveServer2 (`serve --tls`), PKCS12, 0600. */
  public Path hiveTlsKeystore() {
    return root.resolve("keys").resolve("hiveserver2-tls.p12");
  }

  /** Clients' trust store for {@link #hiveTlsKeystore()}: its certificate only (public). */
  public Path hiveTlsTrustStore() {
    return root.resolve("keys").resolve("hiveserver2-truststore.p12");
  }

  /** HiveServer2's logins: user:PBKDF2 hash lines (0600). */
  public Path hivePasswordFile() {
    return root.resolve("keys").resolve("hiveserver2.passwd");
  }

  /** The pipeline's own HiveServer2 password (user etl), generated on first run (0400). */
  public Path etlHivePasswordFile() {
    return root.resolve("keys").resolve("etl.hive-password");
  }

  public Path logsDir() {
    return root.resolve("logs");
  }

  /** Private per-run scratch space (0700, deleted when the run ends). */
  public Path scratchDir() {
    return root.resolve("scratch");
  }

  public Path auditDir() {
    return root.resolve("audit");
  }
}
