package org.carelake.pipeline.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.carelake.hive.auth.SecretFile;
import org.carelake.hive.server.SelfSignedKeystore;
import org.carelake.hive.server.TlsKeystore;

/**
 * The key store `carelake serve --tls` serves JDBC over TLS with: the configured one (password
 * from a 0400 file or a credential provider alias, never from the command line), or a self-signed
 * one made under the work directory on first use, with a trust store for the clients next to it.
 *
 * @param key              HiveServer2's key store, opened
 * @param trustStore       the clients' trust store, when CareLake made the key (else the CA's certificate is theirs)
 * @param trustStorePasswordFile its password (0400; it guards the public certificate against tampering only)
 */
public record HiveServerTls(TlsKeystore key, Optional<Path> trustStore, Optional<Path> trustStorePasswordFile) {
  private static final int PASSWORD_LENGTH = 32;
  private static final int SELF_SIGNED_DAYS = 825;

  /** The TLS key of this configuration; empty when TLS is off. */
  public static Optional<HiveServerTls> of(Configuration conf, WorkDir workDir) {
    if (!PipelineConf.getHiveTls(conf)) {
      return Optional.empty();
    }
    Optional<Path> keystore = PipelineConf.getHiveTlsKeystore(conf);
    if (keystore.isPresent()) {
      return Optional.of(new HiveServerTls(TlsKeystore.load(keystore.get(), password(conf, keystore.get())),
          Optional.empty(), Optional.empty()));
    }
    return Optional.of(selfSigned(workDir));
  }

  private static char[] password(Configuration conf, Path keystore) {
    Optional<Path> file = PipelineConf.getHiveTlsKeystorePasswordFile(conf);
    Optional<String> alias = PipelineConf.getHiveTlsKeystorePasswordAlias(conf);
    if (file.isPresent() == alias.isPresent()) {
      throw new PipelineConfigException("The TLS key store %s needs its password from exactly one of %s (a 0400 file) "
          + "or %s (an alias in %s); %s", keystore, PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_FILE,
          PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_ALIAS, PipelineConf.CREDENTIAL_PROVIDER_PATH,
          file.isPresent() ? "both are set" : "neither is set");
    }
    if (file.isPresent()) {
      return SecretFile.read(file.get());
    }
    // only the credential store may answer: never a clear-text property of the same name
    Configuration providers = new Configuration(conf);
    providers.setBoolean("hadoop.security.credential.clear-text-fallback", false);
    try {
      char[] secret = providers.getPassword(alias.get());
      if (secret == null) {
        throw new PipelineConfigException("%s=%s is not in the credential provider %s=%s; add it with `hadoop "
            + "credential create %s -provider ...`", PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_ALIAS, alias.get(),
            PipelineConf.CREDENTIAL_PROVIDER_PATH, conf.get(PipelineConf.CREDENTIAL_PROVIDER_PATH), alias.get());
      }
      return secret;
    } catch (IOException e) {
      throw new PipelineConfigException("Cannot read %s=%s from %s: %s", PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_ALIAS,
          alias.get(), conf.get(PipelineConf.CREDENTIAL_PROVIDER_PATH), e.getMessage());
    }
  }

  /** The work directory's self-signed key, its password file and the clients' trust store, made on first use. */
  static HiveServerTls selfSigned(WorkDir workDir) {
    Path keystore = workDir.hiveTlsKeystore();
    Path passwordFile = passwordFileOf(keystore);
    Path trustStore = workDir.hiveTlsTrustStore();
    Path trustPasswordFile = passwordFileOf(trustStore);
    TlsKeystore key;
    if (Files.exists(keystore)) {
      key = TlsKeystore.load(keystore, SecretFile.read(passwordFile));
    } else {
      char[] password = Files.exists(passwordFile) ? SecretFile.read(passwordFile)
          : SecretFile.createRandom(passwordFile, PASSWORD_LENGTH);
      key = SelfSignedKeystore.create(keystore, password, "localhost", SELF_SIGNED_DAYS);
    }
    char[] trustPassword = Files.exists(trustPasswordFile) ? SecretFile.read(trustPasswordFile)
        : SecretFile.createRandom(trustPasswordFile, PASSWORD_LENGTH);
    // rewritten every time: it must hold the certificate of the key served now
    SelfSignedKeystore.writeTrustStore(key, trustStore, trustPassword);
    return new HiveServerTls(key, Optional.of(trustStore), Optional.of(trustPasswordFile));
  }

  private static Path passwordFileOf(Path store) {
    return store.resolveSibling(store.getFileName().toString().replaceFirst("\\.p12$", "") + ".password");
  }
}
