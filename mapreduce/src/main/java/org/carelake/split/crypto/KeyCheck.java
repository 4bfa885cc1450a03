package org.carelake.split.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.crypto.keytools.KmsClient;
import org.carelake.split.SplitJobException;
import org.carelake.split.output.Zone;

/**
 * Fails a split before it writes anything when a key is missing or is not the one the lake was
 * built with. A token key that changed would silently break every join with earlier partitions,
 * and a replaced master key would leave the earlier zones unreadable.
 *
 * <p>The check file (JSON, in the lake: {@code _keys/key-check.json}) holds no secret: an HMAC of
 * a constant under the token key, and per master key a random check value wrapped by the KMS
 * with the SHA-256 of that value.
 */
public final class KeyCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] FINGERPRINT_INPUT = "carelake token key check v1".getBytes(StandardCharsets.UTF_8);

  private KeyCheck() {
  }

  /** A KMS client as Parquet would create it from {@code conf} (after {@link CryptoConf#applyDefaults}). */
  public static KmsClient kmsClient(Configuration conf) {
    Configuration c = new Configuration(conf);
    CryptoConf.applyDefaults(c);
    String className = c.get(CryptoConf.KMS_CLIENT_CLASS);
    KmsClient client;
    try {
      client = (KmsClient) Class.forName(className, true, Thread.currentThread().getContextClassLoader())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new SplitJobException(e, "%s=%s is not a Parquet KmsClient on the classpath; use %s or %s",
          CryptoConf.KMS_CLIENT_CLASS, className, KeyProviderKmsClient.class.getName(), AwsKmsClient.class.getName());
    }
    try {
      client.initialize(c, c.getTrimmed(CryptoConf.KMS_INSTANCE_ID, KmsClient.KMS_INSTANCE_ID_DEFAULT),
          c.getTrimmed(KeyToolkit.KMS_INSTANCE_URL_PROPERTY_NAME, KmsClient.KMS_INSTANCE_URL_DEFAULT),
          c.getTrimmed(KeyToolkit.KEY_ACCESS_TOKEN_PROPERTY_NAME, KmsClient.KEY_ACCESS_TOKEN_DEFAULT));
    } catch (ParquetCryptoRuntimeException e) {
      throw new SplitJobException(e, "The KMS client %s cannot start: %s", className, e.getMessage());
    }
    return client;
  }

  /** The distinct master key ids of {@code zones}. */
  public static Set<String> masterKeys(Configuration conf, Collection<Zone> zones) {
    Set<String> ids = new LinkedHashSet<>();
    zones.forEach(z -> ids.add(CryptoConf.getMasterKey(conf, z)));
    return ids;
  }

  /** Wraps and unwraps a random value under each master key of {@code zones}: proves the KMS lets this process use them. */
  public static void requireMasterKeys(Configuration conf, Collection<Zone> zones) {
    KmsClient kms = kmsClient(conf);
    byte[] probe = new byte[16];
    new SecureRandom().nextBytes(probe);
    for (String id : masterKeys(conf, zones)) {
      byte[] back;
      try {
        back = kms.unwrapKey(kms.wrapKey(probe, id), id);
      } catch (ParquetCryptoRuntimeException e) {
        throw new SplitJobException(e, "Master key '%s' cannot be used, so the zones it encrypts (%s) cannot be "
            + "written: %s. Nothing was written", id, zonesOf(conf, zones, id), e.getMessage());
      }
      if (!MessageDigest.isEqual(probe, back)) {
        throw new SplitJobException("Master key '%s' does not give back what it wrapped; check the KMS client %s",
            id, conf.get(CryptoConf.KMS_CLIENT_CLASS));
      }
    }
  }

  /**
   * Compares the token key and the master keys of {@code zones} with the lake's check file, or
   * records them there when the lake has none yet (its first split). A master key the file does
   * not know yet is added.
   */
  public static void verifyOrRecord(Configuration conf, Path checkFile, byte[] tokenKey, Collection<Zone> zones)
      throws IOException {
    FileSystem fs = checkFile.getFileSystem(conf);
    String fingerprint = fingerprint(tokenKey);
    ObjectNode root;
    if (fs.exists(checkFile)) {
      try (InputStream in = fs.open(checkFile)) {
        root = (ObjectNode) JSON.readTree(in);
      }
      if (!fingerprint.equals(root.path("token_key_fingerprint").asText())) {
        throw new SplitJobException("The token key in the credential provider is not the key this lake was built with "
            + "(its fingerprint differs from %s): tokens would not match earlier partitions. Restore the key store the "
            + "lake was written with (hadoop.security.credential.provider.path); nothing was written", checkFile);
      }
    } else {
      root = JSON.createObjectNode();
      root.put("version", 1);
      root.put("token_key_fingerprint", fingerprint);
      root.putObject("master_keys");
    }
    KmsClient kms = kmsClient(conf);
    ObjectNode masters = (ObjectNode) root.get("master_keys");
    boolean changed = !fs.exists(checkFile);
    for (String id : masterKeys(conf, zones)) {
      JsonNode entry = masters.get(id);
      if (entry == null) {
        byte[] value = new byte[32];
        new SecureRandom().nextBytes(value);
        ObjectNode e = masters.putObject(id);
        e.put("wrapped", wrap(kms, value, id, conf, zones));
        e.put("sha256", sha256(value));
        changed = true;
        continue;
      }
      byte[] value;
      try {
        value = kms.unwrapKey(entry.path("wrapped").asText(), id);
      } catch (ParquetCryptoRuntimeException e) {
        throw new SplitJobException(e, "Master key '%s' does not open the lake's key check %s (%s): it is missing or "
            + "not the key the %s zone was written with, whose files would become unreadable. Restore the key (%s) "
            + "the lake was written with; nothing was written", id, checkFile, e.getMessage(),
            zonesOf(conf, zones, id), CryptoConf.KEY_PROVIDER_PATH);
      }
      if (!sha256(value).equals(entry.path("sha256").asText())) {
        throw new SplitJobException("Master key '%s' is not the key the lake's %s zone was written with (key check %s); "
            + "restore the right key; nothing was written", id, zonesOf(conf, zones, id), checkFile);
      }
    }
    if (changed) {
      Path tmp = new Path(checkFile.getParent(), "." + checkFile.getName() + ".tmp");
      fs.mkdirs(checkFile.getParent());
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      }
      fs.delete(checkFile, false);
      if (!fs.rename(tmp, checkFile)) {
        throw new IOException("Cannot rename " + tmp + " to " + checkFile);
      }
    }
  }

  private static String wrap(KmsClient kms, byte[] value, String id, Configuration conf, Collection<Zone> zones) {
    try {
      return kms.wrapKey(value, id);
    } catch (ParquetCryptoRuntimeException e) {
      throw new SplitJobException(e, "Master key '%s' cannot be used for the %s zone: %s. Nothing was written", id,
          zonesOf(conf, zones, id), e.getMessage());
    }
  }

  private static String zonesOf(Configuration conf, Collection<Zone> zones, String id) {
    return String.join("/", zones.stream().filter(z -> CryptoConf.getMasterKey(conf, z).equals(id))
        .map(Zone::dirName).toList());
  }

  static String fingerprint(byte[] tokenKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(tokenKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_INPUT));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
