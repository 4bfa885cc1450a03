package org.carelake.split.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.crypto.key.KeyProvider;
import org.apache.hadoop.crypto.key.KeyProviderFactory;
import org.carelake.split.output.Zone;

/**
 * The local (development and test) key store of the Parquet master keys: a Hadoop JCEKS key
 * provider file (mode 0600) holding a random 256-bit AES key for each zone's master key id. On
 * EMR the master keys live in AWS KMS instead and this is not used.
 */
public final class LocalKeyStores {
  private LocalKeyStores() {
  }

  /** The key provider URI of a local JCEKS file: jceks://file/ABSOLUTE/PATH. */
  public static String providerUri(Path jceks) {
    return "jceks://file" + jceks.toAbsolutePath().normalize().toUri().getRawPath();
  }

  /**
   * Creates the master keys of {@code zones} (those missing) in the JCEKS file, and returns its
   * provider URI for {@value CryptoConf#KEY_PROVIDER_PATH}. The key store password is Hadoop's
   * default unless HADOOP_KEYSTORE_PASSWORD is set.
   */
  public static String createKmsKeyStore(Configuration conf, Path jceks, List<Zone> zones) throws IOException {
    Path file = jceks.toAbsolutePath().normalize();
    if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
      Files.createDirectories(file.getParent(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    String uri = providerUri(file);
    Configuration c = new Configuration(conf);
    c.set(KeyProviderFactory.KEY_PROVIDER_PATH, uri);
    KeyProvider provider = KeyProviderFactory.getProviders(c).get(0);
    boolean changed = false;
    for (Zone zone : zones) {
      String id = CryptoConf.getMasterKey(conf, zone);
      if (provider.getMetadata(id) == null) {
        KeyProvider.Options options = new KeyProvider.Options(c);
        options.setCipher("AES/CTR/NoPadding");
        options.setBitLength(256);
        options.setDescription("CareLake Parquet master key of the " + zone.dirName() + " zone");
        try {
          provider.createKey(id, options);
        } catch (java.security.NoSuchAlgorithmException e) {
          throw new IOException("This JVM cannot generate AES keys: " + e.getMessage(), e);
        }
        changed = true;
      }
    }
    if (changed) {
      provider.flush();
    }
    if (Files.exists(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
    return uri;
  }

  /**
   * Copies the current versions of master keys {@code keyIds} from the key provider {@code from}
   * into a new JCEKS file, e.g. a store for a process that may read the general zone only.
   * Returns the new store's provider URI.
   */
  public static String copyKeys(Configuration conf, String from, Path to, List<String> keyIds) throws IOException {
    Configuration src = new Configuration(conf);
    src.set(KeyProviderFactory.KEY_PROVIDER_PATH, from);
    KeyProvider source = KeyProviderFactory.getProviders(src).get(0);
    String uri = providerUri(to);
    Configuration dst = new Configuration(conf);
    dst.set(KeyProviderFactory.KEY_PROVIDER_PATH, uri);
    KeyProvider target = KeyProviderFactory.getProviders(dst).get(0);
    for (String id : keyIds) {
      KeyProvider.KeyVersion v = source.getCurrentKey(id);
      if (v == null) {
        throw new IOException("Key provider " + from + " holds no master key '" + id + "'");
      }
      KeyProvider.Options options = new KeyProvider.Options(dst);
      options.setCipher("AES/CTR/NoPadding");
      options.setBitLength(v.getMaterial().length * 8);
      target.createKey(id, v.getMaterial(), options);
    }
    target.flush();
    Files.setPosixFilePermissions(to.toAbsolutePath(), PosixFilePermissions.fromString("rw-------"));
    return uri;
  }
}
