package org.carelake.pipeline.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.sources.SourceDatabases;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.split.crypto.LocalKeyStores;
import org.carelake.split.keys.TokenKeys;

/**
 * The settings of a run, resolved: what was configured, and the embedded defaults for the rest
 * (H2 source databases, the lake, the Hive metastore and the key store under the work directory).
 */
public final class Settings {
  private final Configuration conf;
  private final CareLakeHome home;
  private final WorkDir workDir;
  private final DataCatalog catalog;

  private Settings(Configuration conf, CareLakeHome home, WorkDir workDir, DataCatalog catalog) {
    this.conf = conf;
    this.home = home;
    this.workDir = workDir;
    this.catalog = catalog;
  }

  public static Settings resolve(Configuration conf, CareLakeHome home) {
    WorkDir work = new WorkDir(PipelineConf.getWorkDir(conf).orElse(home.defaultWorkDir()));
    DataCatalog catalog = DataCatalog.load(PipelineConf.getCatalogFile(conf).orElse(home.catalogFile()));
    if (PipelineConf.getLakeRoot(conf).isEmpty()) {
      PipelineConf.setLakeRoot(conf, work.lakeDir().toUri().toString());
    }
    if (PipelineConf.getCredentialProviderPath(conf).isEmpty()) {
      PipelineConf.setCredentialProviderPath(conf, TokenKeys.providerUri(work.keyStore()));
    }
    // the zones' master keys: a local JCEKS key provider unless another KMS client (AWS KMS) or provider is set
    if (conf.getTrimmed(CryptoConf.KMS_CLIENT_CLASS) == null && CryptoConf.getKeyProviderPath(conf).isEmpty()) {
      CryptoConf.setKeyProviderPath(conf, LocalKeyStores.providerUri(work.kmsKeyStore()));
    }
    CryptoConf.applyDefaults(conf);
    return new Settings(conf, home, work, catalog);
  }

  public Configuration conf() {
    return conf;
  }

  public CareLakeHome home() {
    return home;
  }

  public WorkDir workDir() {
    return workDir;
  }

  public DataCatalog catalog() {
    return catalog;
  }

  /** True when no source is configured: the run uses (and if needed creates) the H2 databases. */
  public boolean embeddedSources() {
    return catalog.sources().keySet().stream().allMatch(s -> PipelineConf.getSourceUrl(conf, s).isEmpty());
  }

  /** True when the token key lives in the local key store this installation may create. */
  public boolean localKeyStore() {
    return PipelineConf.getCredentialProviderPath(conf).orElse("").equals(TokenKeys.providerUri(workDir.keyStore()));
  }

  /** True when the Parquet master keys live in the local key store this installation may create. */
  public boolean localKmsKeyStore() {
    return CryptoConf.getKeyProviderPath(conf).equals(LocalKeyStores.providerUri(workDir.kmsKeyStore()));
  }

  /**
   * The hive-site.xml entries HiveServer2 needs over this lake: Parquet decryption of the zones
   * through the run's KMS client (what HiveServer2 writes, the snapshots, stays unencrypted Parquet:
   * docs/STACK.md).
   */
  public Map<String, String> hiveCryptoSettings() {
    Map<String, String> s = new LinkedHashMap<>(CryptoConf.readerSettings(conf));
    // Hive 4.0.1's vectorized Parquet reader opens footers through an InputFile of its own, without
    // decryption properties ("Trying to read file with encrypted footer. No keys available"); the
    // row reader goes through HadoopInputFile and decrypts. Vectorization stays on for the operators.
    s.put("hive.vectorized.input.format.excludes", "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
    return s;
  }

  public SourceConnection source(String source) {
    if (embeddedSources()) {
      return new SourceConnection(source, SourceDatabases.embeddedH2Url(workDir.sourcesDir(), source),
          java.util.Optional.of("sa"), java.util.Optional.empty());
    }
    String url = PipelineConf.getSourceUrl(conf, source).orElseThrow(() -> new PipelineConfigException(
        "No JDBC URL for source '%s': set %s%s.url (all sources, or none for the embedded H2 defaults)",
        source, PipelineConf.SOURCE_PREFIX, source));
    return new SourceConnection(source, url, PipelineConf.getSourceUser(conf, source),
        PipelineConf.getSourcePasswordFile(conf, source));
  }

  public org.apache.hadoop.fs.Path lakeRoot() {
    return new org.apache.hadoop.fs.Path(PipelineConf.getLakeRoot(conf).orElseThrow());
  }

  /** What the manifest records about the settings (never credentials). */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("lake_root", lakeRoot().toString());
    out.put("facility_time_zone", PipelineConf.getFacilityTimeZone(conf).getId());
    out.put("catalog", catalog.origin());
    for (String s : catalog.sources().keySet()) {
      out.put("source." + s, source(s).namespace());
    }
    out.put("embedded_sources", Boolean.toString(embeddedSources()));
    return out;
  }

  public Path hiveBaseDir() {
    return workDir.hiveDir();
  }

  /** How HiveServer2 runs for this installation: logins, metastore, entitlements location. */
  public HiveServerConfig hiveServer() {
    return HiveServerConfig.of(conf, home);
  }
}
