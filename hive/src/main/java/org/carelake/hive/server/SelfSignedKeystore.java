package org.carelake.hive.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed key for a local HiveServer2, made with the JDK's keytool (the JDK has no public
 * API to sign a certificate, and BouncyCastle is not on the classpath), plus the clients' trust
 * store holding only its certificate. The password reaches keytool through its environment,
 * never its command line. For local use: production servers get a certificate from the CA.
 */
public final class SelfSignedKeystore {
  /** Alias of the key (and of the certificate in the trust store). */
  public static final String ALIAS = "hiveserver2";
  private static final String PASSWORD_ENV = "CARELAKE_KEYSTORE_PASSWORD";

  private SelfSignedKeystore() {
  }

  /**
   * Creates a PKCS12 key store at {@code keystore} (0600) with an RSA key for {@code host}
   * (also valid for localhost and 127.0.0.1), valid {@code days} days.
   */
  public static TlsKeystore create(Path keystore, char[] password, String host, int days) {
    Path file = keystore.toAbsolutePath().normalize();
    if (Files.exists(file)) {
      throw new IllegalArgumentException("TLS key store " + file + " exists already; delete it to make a new one");
    }
    if (!host.matches("[A-Za-z0-9.-]+")) {
      throw new IllegalArgumentException("'" + host + "' is not a host name (letters, digits, '.', '-')");
    }
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    List<String> cmd = new ArrayList<>(List.of(keytool, "-genkeypair", "-noprompt", "-alias", ALIAS,
        "-keyalg", "RSA", "-keysize", "2048", "-validity", Integer.toString(days),
        "-dname", "CN=" + host + ", OU=CareLake local, O=CareLake",
        "-ext", "SAN=dns:" + host + ",dns:localhost,ip:127.0.0.1",
        "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV));
    try {
      Files.createDirectories(file.getParent());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put(PASSWORD_ENV, new String(password));
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool could not create " + file + ": "
            + new String(out, StandardCharsets.UTF_8).strip() + "; check that the JDK's keytool is at " + keytool);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run keytool to create " + file + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + file, e);
    }
    return TlsKeystore.load(file, "PKCS12", password);
  }

  /**
   * Writes the clients' trust store: a PKCS12 file holding only the certificate of {@code key}
   * (public; its password only guards it against tampering).
   */
  public static Path writeTrustStore(TlsKeystore key, Path truststore, char[] password) {
    Path file = truststore.toAbsolutePath().normalize();
    try {
      KeyStore ks = key.keyStore();
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (String alias : java.util.Collections.list(ks.aliases())) {
        Certificate[] chain = ks.isKeyEntry(alias) ? ks.getCertificateChain(alias) : null;
        if (chain != null && chain.length > 0) {
          trust.setCertificateEntry(alias, chain[chain.length - 1]);
        }
      }
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        trust.store(out, password);
      }
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot write the trust store " + file + " for " + key.path() + ": "
          + e.getMessage(), e);
    }
  }
}
