package org.carelake.split.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.split.SplitJobConf;
import org.carelake.split.SplitJobException;

/**
 * The token key: read from the Hadoop credential provider named by
 * {@code hadoop.security.credential.provider.path} under the alias {@link SplitJobConf#getTokenKeyAlias}
 * (a JCEKS store locally, KMS-backed on EMR), never from a configuration value. The key bytes
 * are the UTF-8 bytes of the stored secret; at least {@link #MIN_KEY_BYTES} are required.
 * Nothing here ever prints the key.
 */
public final class TokenKeys {
  /** 256 bits. */
  public static final int MIN_KEY_BYTES = 32;

  private TokenKeys() {
  }

  /** Reads the token key from the configured credential providers; fails saying how to create it. */
  public static byte[] read(Configuration conf) {
    String alias = SplitJobConf.getTokenKeyAlias(conf);
    String path = conf.getTrimmed(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "");
    if (path.isEmpty()) {
      throw new SplitJobException("No credential provider is configured, so the token key '%s' cannot be read: "
          + "set %s to the key store that holds it. %s", alias, CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
          howToCreate(alias, "localjceks://file/ABSOLUTE/PATH/carelake-keys.jceks"));
    }
    // Walk the providers ourselves: Configuration.getPassword would fall back to a clear-text
    // configuration value of the same name, and a key must never come from there.
    List<CredentialProvider> providers;
    try {
      providers = CredentialProviderFactory.getProviders(conf);
    } catch (IOException e) {
      throw new SplitJobException(e, "Cannot open the credential provider(s) %s to read the token key '%s': %s; "
          + "check the path and the key store password (HADOOP_CREDSTORE_PASSWORD)", path, alias, e.getMessage());
    }
    for (CredentialProvider provider : providers) {
      CredentialProvider.CredentialEntry entry;
      try {
        entry = provider.getCredentialEntry(alias);
      } catch (IOException e) {
        throw new SplitJobException(e, "Cannot read alias '%s' from the credential provider %s: %s; "
            + "check the key store file and its password (HADOOP_CREDSTORE_PASSWORD)", alias, provider, e.getMessage());
      }
      if (entry != null && entry.getCredential() != null) {
        return toKey(entry.getCredential(), alias, path);
      }
    }
    throw new SplitJobException("The credential provider(s) %s hold no token key under the alias '%s'. %s",
        path, alias, howToCreate(alias, path));
  }

  /**
   * The key for a task: from the job's credentials, where {@code PhiSplitJob} put it, else from
   * the credential provider (a task run outside a submitted job, e.g. in MRUnit).
   */
  public static byte[] forTask(Credentials credentials, Configuration conf) {
    if (credentials != null) {
      byte[] key = credentials.getSecretKey(new Text(SplitJobConf.getTokenKeyAlias(conf)));
      if (key != null) {
        return key.clone();
      }
    }
    return read(conf);
  }

  /** Hands the key to the job's tasks through its credentials (not its configuration). */
  public static void addToCredentials(Credentials credentials, Configuration conf, byte[] key) {
    credentials.addSecretKey(new Text(SplitJobConf.getTokenKeyAlias(conf)), key.clone());
  }

  /**
   * Creates a local JCEKS credential store at {@code jceks} (mode 0600) holding a random 256-bit
   * key (64 hex characters) under the token key alias, unless the store already holds that
   * alias. Returns the provider URI to put in {@code hadoop.security.credential.provider.path}.
   * The store password is Hadoop's default unless HADOOP_CREDSTORE_PASSWORD is set.
   */
  public static String createLocalKeyStore(Configuration conf, java.nio.file.Path jceks) throws IOException {
    java.nio.file.Path file = jceks.toAbsolutePath().normalize();
    String uri = providerUri(file);
    String alias = SplitJobConf.getTokenKeyAlias(conf);
    Configuration storeConf = new Configuration(conf);
    storeConf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    CredentialProvider provider = CredentialProviderFactory.getProviders(storeConf).get(0);
    if (Files.exists(file) && provider.getCredentialEntry(alias) != null) {
      return uri;
    }
    if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
      Files.createDirectories(file.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    byte[] random = new byte[MIN_KEY_BYTES];
    new SecureRandom().nextBytes(random);
    char[] secret = HexFormat.of().formatHex(random).toCharArray();
    try {
      provider.createCredentialEntry(alias, secret);
      provider.flush();
    } finally {
      Arrays.fill(random, (byte) 0);
      Arrays.fill(secret, '\0');
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return uri;
  }

  /** The credential provider URI of a local JCEKS file: localjceks://file/ABSOLUTE/PATH. */
  public static String providerUri(java.nio.file.Path jceks) {
    return "localjceks://file" + jceks.toAbsolutePath().normalize().toUri().getRawPath();
  }

  private static byte[] toKey(char[] secret, String alias, String path) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
    byte[] key = new byte[encoded.remaining()];
    encoded.get(key);
    Arrays.fill(secret, '\0');
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    if (key.length < MIN_KEY_BYTES) {
      int length = key.length;
      Arrays.fill(key, (byte) 0);
      throw new SplitJobException("The token key '%s' in %s is %d bytes long; at least %d are needed. %s",
          alias, path, length, MIN_KEY_BYTES, howToCreate(alias, path));
    }
    return key;
  }

  private static String howToCreate(String alias, String providerPath) {
    return String.format("Create it with: hadoop credential create %s -value \"$(openssl rand -hex 32)\" -provider %s"
        + " (or TokenKeys.createLocalKeyStore for a local run); keep the same key for every run, or tokens change.",
        alias, providerPath);
  }
}
