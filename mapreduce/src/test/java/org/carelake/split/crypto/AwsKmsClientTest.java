package org.carelake.split.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.carelake.split.output.Zone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AwsKmsClient cannot reach AWS from here (no network but Maven Central): it is tested against
 * an in-process endpoint speaking KMS's JSON protocol on 127.0.0.1, which checks every request
 * the SDK sends (operation, body, SigV4 signature) the way KMS would, and through Parquet's own
 * crypto factory end to end.
 */
class AwsKmsClientTest {
  static final String REGION = "us-east-1";
  static final String RESTRICTED = "alias/carelake-restricted";
  static final String GENERAL = "alias/carelake-general";
  static FakeKmsEndpoint kms;

  @TempDir
  static java.nio.file.Path tmp;

  @BeforeAll
  static void start() throws Exception {
    // the SDK's default chain reads these first; on EMR the instance profile supplies them
    System.setProperty("aws.accessKeyId", "AKIDCARELAKETEST");
    System.setProperty("aws.secretAccessKey", "carelake-test-secret");
    kms = new FakeKmsEndpoint("AKIDCARELAKETEST", "carelake-test-secret", REGION, Set.of(RESTRICTED, GENERAL));
  }

  @AfterAll
  static void stop() {
    kms.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  static AwsKmsClient client() {
    Configuration conf = new Configuration(false);
    conf.set(AwsKmsClient.REGION, REGION);
    conf.set(AwsKmsClient.ENDPOINT, kms.url());
    AwsKmsClient c = new AwsKmsClient();
    c.initialize(conf, "DEFAULT", "DEFAULT", "DEFAULT");
    return c;
  }

  @Test
  void wrapAndUnwrapSendSignedEncryptAndDecryptRequests() {
    kms.requests.clear();
    AwsKmsClient client = client();
    byte[] kek = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    String wrapped = client.wrapKey(kek, RESTRICTED);
    assertThat(client.unwrapKey(wrapped, RESTRICTED)).isEqualTo(kek);

    assertThat(kms.requests).hasSize(2);
    FakeKmsEndpoint.Request encrypt = kms.requests.get(0);
    assertThat(encrypt.target()).isEqualTo("TrentService.Encrypt");
    assertThat(encrypt.contentType()).isEqualTo("application/x-amz-json-1.1");
    assertThat(encrypt.signatureValid()).as("SigV4 signature").isTrue();
    assertThat(encrypt.credentialScope()).endsWith("/" + REGION + "/kms/aws4_request");
    assertThat(encrypt.body().path("KeyId").asText()).isEqualTo(RESTRICTED);
    assertThat(Base64.getDecoder().decode(encrypt.body().path("Plaintext").asText())).isEqualTo(kek);
    assertThat(encrypt.body().path("EncryptionContext").path(AwsKmsClient.CONTEXT_KEY).asText())
        .isEqualTo(AwsKmsClient.CONTEXT_VALUE);
    FakeKmsEndpoint.Request decrypt = kms.requests.get(1);
    assertThat(decrypt.target()).isEqualTo("TrentService.Decrypt");
    assertThat(decrypt.signatureValid()).isTrue();
    assertThat(decrypt.body().path("KeyId").asText()).isEqualTo(RESTRICTED);
    assertThat(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(wrapped)))
        .isEqualTo(decrypt.body().path("CiphertextBlob").asText());
    assertThat(decrypt.body().has("Plaintext")).isFalse();
  }

  @Test
  void aKeyThisRoleMayNotUseIsAccessDenied() {
    AwsKmsClient client = client();
    assertThatThrownBy(() -> client.wrapKey(new byte[16], "alias/someone-elses-key"))
        .isInstanceOf(KeyAccessDeniedException.class).hasMessageContaining("alias/someone-elses-key")
        .hasMessageContaining("AccessDeniedException").hasMessageContaining("kms:Decrypt");
    String wrapped = client.wrapKey(new byte[16], GENERAL);
    assertThatThrownBy(() -> client.unwrapKey(wrapped, RESTRICTED)).isInstanceOf(KeyAccessDeniedException.class)
        .hasMessageContaining("InvalidCiphertextException");
  }

  @Test
  void parquetFilesAreEncryptedAndReadThroughAwsKms() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(CryptoConf.KMS_CLIENT_CLASS, AwsKmsClient.class.getName());
    conf.set(AwsKmsClient.REGION, REGION);
    conf.set(AwsKmsClient.ENDPOINT, kms.url());
    conf.set(KeyToolkit.KEY_ACCESS_TOKEN_PROPERTY_NAME, "aws-test");
    CryptoConf.setMasterKey(conf, Zone.RESTRICTED, RESTRICTED);
    Configuration zone = CryptoConf.forZone(conf, Zone.RESTRICTED);
    MessageType schema = MessageTypeParser.parseMessageType("message t { required binary ssn (STRING); }");
    Path file = new Path(tmp.resolve("restricted.parquet").toUri());
    org.apache.parquet.hadoop.example.GroupWriteSupport.setSchema(schema, zone);
    try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(zone).withType(schema).build()) {
      w.write(new SimpleGroupFactory(schema).newGroup().append("ssn", "999-33-2827"));
    }
    assertThat(new String(java.nio.file.Files.readAllBytes(tmp.resolve("restricted.parquet")),
        StandardCharsets.ISO_8859_1)).doesNotContain("999-33-2827");
    assertThat(kms.requests).anyMatch(r -> r.target().equals("TrentService.Encrypt")
        && r.body().path("KeyId").asText().equals(RESTRICTED));
    Configuration reader = new Configuration(conf);
    CryptoConf.applyDefaults(reader);
    try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), file).withConf(reader).build()) {
      assertThat(r.read().getString("ssn", 0)).isEqualTo("999-33-2827");
    }
    assertThat(List.copyOf(kms.requests)).allMatch(FakeKmsEndpoint.Request::signatureValid);
    assertThat(Map.of("zone", CryptoConf.getMasterKey(conf, Zone.QUARANTINE))).containsEntry("zone", RESTRICTED);
  }
}
