package org.carelake.split.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.carelake.split.SplitJobConf;
import org.carelake.split.SplitJobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenKeysTest {
  @TempDir
  Path dir;

  static Configuration withProvider(String uri) {
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    return conf;
  }

  @Test
  void localKeyStoreHoldsA256BitKeyReadableOnlyByItsOwnerAndIsCreatedOnce() throws Exception {
    Path store = dir.resolve("secure/carelake-keys.jceks");
    String uri = TokenKeys.createLocalKeyStore(new Configuration(false), store);
    assertThat(uri).isEqualTo("localjceks://file" + store.toAbsolutePath());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.getParent()))).isEqualTo("rwx------");

    byte[] key = TokenKeys.read(withProvider(uri));
    assertThat(key).hasSize(64); // 32 random bytes as hex
    assertThat(new String(key, java.nio.charset.StandardCharsets.US_ASCII)).matches("[0-9a-f]{64}");
    // the file is not plain text: the key does not appear in it
    assertThat(new String(Files.readAllBytes(store), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(key, java.nio.charset.StandardCharsets.US_ASCII));

    assertThat(TokenKeys.createLocalKeyStore(new Configuration(false), store)).isEqualTo(uri);
    assertThat(TokenKeys.read(withProvider(uri))).as("a second call keeps the key").isEqualTo(key);
    // Hadoop's jceks:// provider reads the same store
    assertThat(TokenKeys.read(withProvider("jceks://file" + store.toAbsolutePath()))).isEqualTo(key);
  }

  @Test
  void otherAliasIsAddedToAnExistingStore() throws Exception {
    Path store = dir.resolve("keys.jceks");
    String uri = TokenKeys.createLocalKeyStore(new Configuration(false), store);
    Configuration other = new Configuration(false);
    SplitJobConf.setTokenKeyAlias(other, "carelake.token.key.v2");
    TokenKeys.createLocalKeyStore(other, store);
    Configuration readOther = withProvider(uri);
    SplitJobConf.setTokenKeyAlias(readOther, "carelake.token.key.v2");
    assertThat(TokenKeys.read(readOther)).isNotEqualTo(TokenKeys.read(withProvider(uri)));
  }

  @Test
  void missingKeyNamesTheProviderTheAliasAndHowToCreateIt() {
    String uri = TokenKeys.providerUri(dir.resolve("nothing-here.jceks"));
    assertThatThrownBy(() -> TokenKeys.read(withProvider(uri))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining(uri).hasMessageContaining("'carelake.token.key'")
        .hasMessageContaining("hadoop credential create carelake.token.key");
    assertThatThrownBy(() -> TokenKeys.read(new Configuration(false))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining("hadoop.security.credential.provider.path");
  }

  @Test
  void aKeyInThePlainConfigurationIsNeverUsed() {
    Configuration conf = new Configuration(false);
    conf.set("carelake.token.key", "0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> TokenKeys.read(conf)).isInstanceOf(SplitJobException.class);
    Configuration withStore = withProvider(TokenKeys.providerUri(dir.resolve("empty.jceks")));
    withStore.set("carelake.token.key", "0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThatThrownBy(() -> TokenKeys.read(withStore)).isInstanceOf(SplitJobException.class)
        .hasMessageNotContaining("0123456789abcdef");
  }

  @Test
  void shortKeyIsRefusedWithoutPrintingIt() throws Exception {
    String uri = TokenKeys.providerUri(dir.resolve("short.jceks"));
    CredentialProvider provider = CredentialProviderFactory.getProviders(withProvider(uri)).get(0);
    provider.createCredentialEntry("carelake.token.key", "s3cr3t-but-short".toCharArray());
    provider.flush();
    assertThatThrownBy(() -> TokenKeys.read(withProvider(uri))).isInstanceOf(SplitJobException.class)
        .hasMessageContaining("16 bytes").hasMessageContaining("at least 32")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void tasksTakeTheKeyFromTheJobCredentialsFirst() throws Exception {
    Configuration conf = withProvider(TokenKeys.providerUri(dir.resolve("absent.jceks")));
    Credentials credentials = new Credentials();
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 7);
    TokenKeys.addToCredentials(credentials, conf, key);
    assertThat(credentials.getSecretKey(new Text("carelake.token.key"))).isEqualTo(key);
    assertThat(TokenKeys.forTask(credentials, conf)).isEqualTo(key);
    assertThatThrownBy(() -> TokenKeys.forTask(new Credentials(), conf)).isInstanceOf(SplitJobException.class);
  }
}
