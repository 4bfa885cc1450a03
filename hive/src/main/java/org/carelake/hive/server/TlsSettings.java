package org.carelake.hive.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;

/**
 * hive-site.xml entries for JDBC over TLS. The key store password is not written into
 * hive-site.xml: it goes into a credential store of the server's own (owner-only), which
 * HiveServer2 reads through Configuration.getPassword under Hive's own key name.
 */
final class TlsSettings {
  static final String USE_SSL = "hive.server2.use.SSL";
  static final String KEYSTORE_PATH = "hive.server2.keystore.path";
  static final String KEYSTORE_TYPE = "hive.server2.keystore.type";
  /** Hive's key for the password; also the alias in the credential store. */
  static final String KEYSTORE_PASSWORD = "hive.server2.keystore.password";
  static final String PROVIDER_PATH = CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH;
  static final String CREDENTIAL_STORE = "hiveserver2-tls.jceks";

  private TlsSettings() {
  }

  /**
   * Writes the password to {@code baseDir}/hiveserver2-tls.jceks and returns the settings; a
   * provider path already in {@code settings} stays, after this server's own store.
   */
  static Map<String, String> of(TlsKeystore key, Path baseDir, Map<String, String> settings) {
    String store = "localjceks://file" + baseDir.toAbsolutePath().normalize().resolve(CREDENTIAL_STORE);
    storePassword(store, baseDir.resolve(CREDENTIAL_STORE), key.password());
    Map<String, String> s = new LinkedHashMap<>();
    s.put(USE_SSL, "true");
    s.put(KEYSTORE_PATH, key.path().toString());
    s.put(KEYSTORE_TYPE, key.type());
    String other = settings.getOrDefault(PROVIDER_PATH, "").strip();
    s.put(PROVIDER_PATH, other.isEmpty() ? store : store + "," + other);
    // SSLv2/SSLv3 are Hive's default exclusions; TLS 1.0/1.1 are broken too (HIPAA guidance: NIST SP 800-52)
    s.put("hive.ssl.protocol.blacklist", "SSLv2,SSLv2Hello,SSLv3,TLSv1,TLSv1.1");
    return s;
  }

  private static void storePassword(String providerPath, Path file, char[] password) {
    try {
      Files.deleteIfExists(file); // written fresh on every start: the key store may have changed
      Configuration conf = new Configuration(false);
      conf.set(PROVIDER_PATH, providerPath);
      CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
      provider.createCredentialEntry(KEYSTORE_PASSWORD, password);
      provider.flush();
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new HiveServerStartException(e, "Cannot write the TLS credential store %s: %s; give the server a "
          + "writable base directory", file, e.getMessage());
    }
  }
}
