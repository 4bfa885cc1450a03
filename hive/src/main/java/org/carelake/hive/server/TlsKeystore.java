package org.carelake.hive.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;

/**
 * The key store HiveServer2 serves TLS with: a PKCS12 or JKS file holding the server's private
 * key and certificate, and its password. {@link #load} opens it once, so a wrong password or a
 * store without a key fails here, naming the file, instead of deep inside HiveServer2's start.
 */
public final class TlsKeystore {
  private final Path path;
  private final String type;
  private final char[] password;

  private TlsKeystore(Path path, String type, char[] password) {
    this.path = path;
    this.type = type;
    this.password = password;
  }

  /** Opens {@code path} (type from its name: .jks is JKS, anything else PKCS12) and checks it holds a private key. */
  public static TlsKeystore load(Path path, char[] password) {
    return load(path, typeOf(path), password);
  }

  public static TlsKeystore load(Path path, String type, char[] password) {
    Path file = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
    Objects.requireNonNull(password, "password");
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("TLS key store " + file + " does not exist or is not readable; give a "
          + "PKCS12/JKS file holding HiveServer2's key (`carelake serve --tls` creates a self-signed one)");
    }
    KeyStore ks = open(file, type, password);
    try {
      if (Collections.list(ks.aliases()).stream().noneMatch(a -> isKey(ks, a))) {
        throw new IllegalArgumentException("TLS key store " + file + " holds no private key (a trust store?); "
            + "give the server's key store, not the clients' trust store");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot list the entries of TLS key store " + file + ": " + e.getMessage(), e);
    }
    return new TlsKeystore(file, type.toUpperCase(Locale.ROOT), password.clone());
  }

  static KeyStore open(Path file, String type, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance(type);
      ks.load(in, password);
      return ks;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
        throw new IllegalArgumentException("Wrong password for TLS key store " + file + "; check the password file "
            + "or credential alias it was given", e);
      }
      throw new IllegalArgumentException("Cannot read TLS key store " + file + " as " + type + ": " + e.getMessage()
          + "; give a PKCS12 (.p12) or JKS (.jks) file", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("Cannot open TLS key store " + file + " as " + type + ": " + e.getMessage(), e);
    }
  }

  private static boolean isKey(KeyStore ks, String alias) {
    try {
      return ks.isKeyEntry(alias);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static String typeOf(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
  }

  public Path path() {
    return path;
  }

  /** PKCS12 or JKS. */
  public String type() {
    return type;
  }

  /** A copy of the password. */
  public char[] password() {
    return password.clone();
  }

  /** The store itself, opened (e.g. as trust material for a probe: a key entry's certificate is trusted). */
  public KeyStore keyStore() {
    return open(path, type, password);
  }

  @Override
  public String toString() {
    return "TlsKeystore[" + path + ", " + type + "]";
  }
}
