package org.carelake.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.hive.server.SelfSignedKeystore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which key `serve --tls` uses, and where its password comes from (never the command line). */
class HiveServerTlsConfigTest {
  @TempDir
  Path tmp;

  @Test
  void tlsIsOffUnlessAskedFor() {
    assertThat(HiveServerTls.of(new Configuration(false), new WorkDir(tmp))).isEmpty();
  }

  @Test
  void aSelfSignedKeyIsMadeOnceWithOwnerOnlyPasswordFilesAndATrustStoreForItsCertificate() throws Exception {
    Configuration conf = new Configuration(false);
    PipelineConf.setHiveTls(conf, true);
    WorkDir work = new WorkDir(tmp);
    HiveServerTls first = HiveServerTls.of(conf, work).orElseThrow();
    assertThat(first.key().path()).isEqualTo(work.hiveTlsKeystore());
    for (Path f : new Path[] {tmp.resolve("keys/hiveserver2-tls.password"), tmp.resolve("keys/hiveserver2-truststore.password")}) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("r--------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.hiveTlsKeystore()))).isEqualTo("rw-------");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(first.trustStore().orElseThrow())) {
      trust.load(in, Files.readString(first.trustStorePasswordFile().orElseThrow()).strip().toCharArray());
    }
    assertThat(trust.isCertificateEntry(SelfSignedKeystore.ALIAS)).isTrue();
    assertThat(trust.isKeyEntry(SelfSignedKeystore.ALIAS)).isFalse();

    HiveServerTls second = HiveServerTls.of(conf, work).orElseThrow();
    assertThat(second.key().keyStore().getCertificate(SelfSignedKeystore.ALIAS))
        .isEqualTo(first.key().keyStore().getCertificate(SelfSignedKeystore.ALIAS));
  }

  @Test
  void aConfiguredKeyStoreTakesItsPasswordFromACredentialAliasOrAFileButNotBothNorNeither() throws Exception {
    Path keystore = tmp.resolve("hs2.p12");
    SelfSignedKeystore.create(keystore, "store-password".toCharArray(), "localhost", 1);
    String provider = "jceks://file" + tmp.resolve("creds.jceks");
    Configuration store = new Configuration(false);
    store.set(PipelineConf.CREDENTIAL_PROVIDER_PATH, provider);
    CredentialProvider p = CredentialProviderFactory.getProviders(store).get(0);
    p.createCredentialEntry("hs2.keystore", "store-password".toCharArray());
    p.flush();

    Configuration conf = new Configuration(false);
    PipelineConf.setHiveTlsKeystore(conf, keystore);
    assertThat(PipelineConf.getHiveTls(conf)).isTrue();
    assertThatThrownBy(() -> HiveServerTls.of(conf, new WorkDir(tmp)))
        .hasMessageContaining(PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_FILE).hasMessageContaining("neither is set");

    conf.set(PipelineConf.CREDENTIAL_PROVIDER_PATH, provider);
    PipelineConf.setHiveTlsKeystorePasswordAlias(conf, "hs2.keystore");
    HiveServerTls tls = HiveServerTls.of(conf, new WorkDir(tmp)).orElseThrow();
    assertThat(tls.key().path()).isEqualTo(keystore);
    assertThat(tls.trustStore()).isEmpty();

    // a clear-text property named like the alias does not count: only the credential store answers
    PipelineConf.setHiveTlsKeystorePasswordAlias(conf, "not.stored");
    conf.set("not.stored", "store-password");
    assertThatThrownBy(() -> HiveServerTls.of(conf, new WorkDir(tmp)))
        .hasMessageContaining("not.stored is not in the credential provider");

    Path file = tmp.resolve("ks.password");
    Files.writeString(file, "store-password\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    PipelineConf.setHiveTlsKeystorePasswordFile(conf, file);
    assertThatThrownBy(() -> HiveServerTls.of(conf, new WorkDir(tmp))).hasMessageContaining("both are set");
    conf.unset(PipelineConf.HIVE_TLS_KEYSTORE_PASSWORD_ALIAS);
    assertThat(HiveServerTls.of(conf, new WorkDir(tmp)).orElseThrow().key().path()).isEqualTo(keystore);
  }
}
