package org.carelake.split.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.crypto.keytools.PropertiesDrivenCryptoFactory;
import org.carelake.split.output.Zone;

/**
 * The encryption settings of the lake on a Hadoop Configuration: the master key id of each zone,
 * the KMS client, and the key provider the local client reads master keys from. Writers get a
 * per-zone copy ({@link #forZone}) that encrypts footer and columns under the zone's key;
 * readers (HiveServer2 included) get {@link #readerSettings}, which decrypt any zone whose master
 * key the KMS client may use.
 */
public final class CryptoConf {
  /** Master key id of the general zone. */
  public static final String GENERAL_KEY = "carelake.crypto.key.general";
  /** Master key id of the limited-data-set zone. */
  public static final String LIMITED_KEY = "carelake.crypto.key.limited";
  /** Master key id of the restricted and quarantine zones. */
  public static final String RESTRICTED_KEY = "carelake.crypto.key.restricted";
  public static final String DEFAULT_GENERAL_KEY = "carelake-general";
  public static final String DEFAULT_LIMITED_KEY = "carelake-limited";
  public static final String DEFAULT_RESTRICTED_KEY = "carelake-restricted";

  /** Where {@link KeyProviderKmsClient} finds master keys: a Hadoop key provider URI (jceks://file/..., kms://...). */
  public static final String KEY_PROVIDER_PATH = "carelake.crypto.key.provider.path";

  /** Parquet's own keys. */
  public static final String CRYPTO_FACTORY_CLASS = "parquet.crypto.factory.class";
  public static final String KMS_CLIENT_CLASS = KeyToolkit.KMS_CLIENT_CLASS_PROPERTY_NAME;
  public static final String KMS_INSTANCE_ID = KeyToolkit.KMS_INSTANCE_ID_PROPERTY_NAME;
  public static final String UNIFORM_KEY = PropertiesDrivenCryptoFactory.UNIFORM_KEY_PROPERTY_NAME;
  public static final String PLAINTEXT_FOOTER = PropertiesDrivenCryptoFactory.PLAINTEXT_FOOTER_PROPERTY_NAME;

  private CryptoConf() {
  }

  public static void setMasterKey(Configuration conf, Zone zone, String keyId) {
    conf.set(keyProperty(zone), keyId);
  }

  /** The master key id that encrypts {@code zone}. */
  public static String getMasterKey(Configuration conf, Zone zone) {
    switch (zone) {
      case GENERAL: return conf.getTrimmed(GENERAL_KEY, DEFAULT_GENERAL_KEY);
      case LIMITED: return conf.getTrimmed(LIMITED_KEY, DEFAULT_LIMITED_KEY);
      default: return conf.getTrimmed(RESTRICTED_KEY, DEFAULT_RESTRICTED_KEY);
    }
  }

  private static String keyProperty(Zone zone) {
    switch (zone) {
      case GENERAL: return GENERAL_KEY;
      case LIMITED: return LIMITED_KEY;
      default: return RESTRICTED_KEY;
    }
  }

  public static void setKeyProviderPath(Configuration conf, String uri) {
    conf.set(KEY_PROVIDER_PATH, uri);
  }

  public static String getKeyProviderPath(Configuration conf) {
    return conf.getTrimmed(KEY_PROVIDER_PATH, "");
  }

  /**
   * Fills in what a run did not choose: Parquet's properties-driven crypto factory and, unless
   * another KMS client is named (AwsKmsClient on EMR), the key-provider client with the key
   * provider's URI as its KMS instance id (so two key stores in one JVM never share Parquet's
   * cached client).
   */
  public static void applyDefaults(Configuration conf) {
    if (conf.getTrimmed(CRYPTO_FACTORY_CLASS) == null) {
      conf.set(CRYPTO_FACTORY_CLASS, PropertiesDrivenCryptoFactory.class.getName());
    }
    if (conf.getTrimmed(KMS_CLIENT_CLASS) == null) {
      conf.set(KMS_CLIENT_CLASS, KeyProviderKmsClient.class.getName());
    }
    if (conf.getTrimmed(KMS_INSTANCE_ID) == null && KeyProviderKmsClient.class.getName().equals(conf.get(KMS_CLIENT_CLASS))
        && !getKeyProviderPath(conf).isEmpty()) {
      conf.set(KMS_INSTANCE_ID, getKeyProviderPath(conf));
    }
  }

  /** A copy of {@code conf} whose Parquet writers encrypt footer and every column under {@code zone}'s master key. */
  public static Configuration forZone(Configuration conf, Zone zone) {
    Configuration zoneConf = new Configuration(conf);
    applyDefaults(zoneConf);
    zoneConf.unset(PropertiesDrivenCryptoFactory.FOOTER_KEY_PROPERTY_NAME);
    zoneConf.unset(PropertiesDrivenCryptoFactory.COLUMN_KEYS_PROPERTY_NAME);
    zoneConf.set(UNIFORM_KEY, getMasterKey(conf, zone));
    zoneConf.setBoolean(PLAINTEXT_FOOTER, false);
    return zoneConf;
  }

  /**
   * The settings a reader (HiveServer2's hive-site.xml, a steward's tool) needs to decrypt the
   * zones through the configured KMS client. They name no key to write with: HiveServer2's own
   * Parquet writes (the snapshots) cannot be encrypted with a footer-key or uniform setting,
   * because Hive 4.0.1 re-opens each file it wrote without decryption properties
   * (ParquetRecordWriterWrapper.close) and fails on any column encrypted with the footer key; see
   * docs/STACK.md.
   */
  public static Map<String, String> readerSettings(Configuration conf) {
    Configuration c = new Configuration(false);
    for (String key : new String[] {CRYPTO_FACTORY_CLASS, KMS_CLIENT_CLASS, KMS_INSTANCE_ID, KEY_PROVIDER_PATH,
        AwsKmsClient.REGION, AwsKmsClient.ENDPOINT}) {
      String v = conf.getTrimmed(key);
      if (v != null) {
        c.set(key, v);
      }
    }
    applyDefaults(c);
    Map<String, String> out = new LinkedHashMap<>();
    c.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
