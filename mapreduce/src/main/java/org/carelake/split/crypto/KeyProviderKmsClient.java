package org.carelake.split.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.crypto.key.KeyProvider;
import org.apache.hadoop.crypto.key.KeyProviderFactory;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KmsClient;

/**
 * A Parquet KMS client over a Hadoop key provider ({@value CryptoConf#KEY_PROVIDER_PATH}: a JCEKS
 * file locally, Hadoop KMS on a cluster): wraps a key with AES-GCM under the master key's current
 * version and records that version, so a rolled master key still opens older files. A reader
 * whose provider lacks the master key gets {@link KeyAccessDeniedException}; nothing here ever
 * logs key material.
 *
 * <p>Wrapped form: {@code v1:<key version name>:<base64(12-byte nonce | ciphertext+tag)>}, the
 * master key id as additional authenticated data.
 */
public final class KeyProviderKmsClient implements KmsClient {
  private static final String FORMAT = "v1";
  private static final int NONCE_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyProvider provider;
  private String providerPath;

  @Override
  public void initialize(Configuration conf, String kmsInstanceID, String kmsInstanceURL, String accessToken) {
    providerPath = CryptoConf.getKeyProviderPath(conf);
    if (providerPath.isEmpty()) {
      throw new ParquetCryptoRuntimeException("No key provider for the Parquet master keys: set "
          + CryptoConf.KEY_PROVIDER_PATH + " to the key store holding them (e.g. jceks://file/ABSOLUTE/PATH/kms.jceks; "
          + "LocalKeyStores.createKmsKeyStore creates a local one)");
    }
    Configuration providerConf = new Configuration(conf);
    providerConf.set(KeyProviderFactory.KEY_PROVIDER_PATH, providerPath);
    try {
      List<KeyProvider> providers = KeyProviderFactory.getProviders(providerConf);
      if (providers.isEmpty()) {
        throw new ParquetCryptoRuntimeException("Key provider path " + providerPath + " names no key provider; use "
            + "jceks://file/ABSOLUTE/PATH or kms://http@HOST:PORT/kms");
      }
      provider = providers.get(0);
    } catch (IOException e) {
      throw new ParquetCryptoRuntimeException("Cannot open the key provider " + providerPath + ": " + e.getMessage()
          + "; check the path and the key store password (HADOOP_KEYSTORE_PASSWORD)", e);
    }
  }

  @Override
  public String wrapKey(byte[] keyBytes, String masterKeyIdentifier) {
    KeyProvider.KeyVersion master = current(masterKeyIdentifier);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, master, nonce, masterKeyIdentifier, keyBytes);
    ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
    return FORMAT + ":" + master.getVersionName() + ":" + Base64.getEncoder().encodeToString(out.array());
  }

  @Override
  public byte[] unwrapKey(String wrappedKey, String masterKeyIdentifier) {
    String[] parts = wrappedKey.split(":", 3);
    if (parts.length != 3 || !parts[0].equals(FORMAT) || !parts[1].startsWith(masterKeyIdentifier + "@")) {
      throw new ParquetCryptoRuntimeException("A key wrapped for master key '" + masterKeyIdentifier
          + "' is not in the form this KMS client writes; was the file written with another KMS client?");
    }
    KeyProvider.KeyVersion master = version(parts[1], masterKeyIdentifier);
    byte[] bytes = Base64.getDecoder().decode(parts[2]);
    byte[] nonce = java.util.Arrays.copyOfRange(bytes, 0, NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
    return crypt(Cipher.DECRYPT_MODE, master, nonce, masterKeyIdentifier, sealed);
  }

  private KeyProvider.KeyVersion current(String keyId) {
    try {
      KeyProvider.KeyVersion v = provider.getCurrentKey(keyId);
      if (v == null) {
        throw new KeyAccessDeniedException("Key provider " + providerPath + " holds no master key '" + keyId
            + "': this process may not use it. Create it (hadoop key create " + keyId + " -size 256 -provider "
            + providerPath + ") or point " + CryptoConf.KEY_PROVIDER_PATH + " at the store that holds it");
      }
      return v;
    } catch (IOException e) {
      throw new ParquetCryptoRuntimeException("Cannot read master key '" + keyId + "' from " + providerPath + ": "
          + e.getMessage(), e);
    }
  }

  private KeyProvider.KeyVersion version(String versionName, String keyId) {
    try {
      KeyProvider.KeyVersion v = provider.getKeyVersion(versionName);
      if (v == null) {
        throw new KeyAccessDeniedException("Key provider " + providerPath + " holds no version " + versionName
            + " of master key '" + keyId + "': this process may not read data encrypted under it");
      }
      return v;
    } catch (IOException e) {
      throw new ParquetCryptoRuntimeException("Cannot read " + versionName + " from " + providerPath + ": "
          + e.getMessage(), e);
    }
  }

  private byte[] crypt(int mode, KeyProvider.KeyVersion master, byte[] nonce, String keyId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(master.getMaterial(), "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new KeyAccessDeniedException("Master key " + master.getVersionName() + " in " + providerPath
          + " does not open this wrapped key: it is not the key the data was written with");
    } catch (GeneralSecurityException e) {
      throw new ParquetCryptoRuntimeException("AES-GCM with master key '" + keyId + "' failed: " + e.getMessage(), e);
    }
  }
}
