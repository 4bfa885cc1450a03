package org.carelake.split.crypto;

import java.net.URI;
import java.util.Base64;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KmsClient;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The Parquet KMS client for EMR: wraps key-encryption keys with AWS KMS Encrypt and unwraps them
 * with Decrypt, under the master key named in the file's key material (a key ARN or alias such as
 * {@code alias/carelake-restricted}). Credentials come from the default chain (the EMR instance
 * profile; never from configuration); the region from {@value #REGION} or the KMS instance id; an
 * endpoint override (VPC endpoint) from {@value #ENDPOINT} or the KMS instance URL. Every request
 * carries the encryption context {@value #CONTEXT_KEY}={@value #CONTEXT_VALUE}, so these
 * ciphertexts cannot be decrypted for another purpose without it. A KMS refusal becomes
 * {@link KeyAccessDeniedException}.
 */
public final class AwsKmsClient implements KmsClient {
  public static final String REGION = "carelake.crypto.aws.region";
  public static final String ENDPOINT = "carelake.crypto.aws.endpoint";
  public static final String CONTEXT_KEY = "carelake-purpose";
  public static final String CONTEXT_VALUE = "parquet-key-encryption-key";

  private software.amazon.awssdk.services.kms.KmsClient kms;

  @Override
  public void initialize(Configuration conf, String kmsInstanceID, String kmsInstanceURL, String accessToken) {
    String region = conf.getTrimmed(REGION);
    if (region == null && kmsInstanceID != null && !KmsClient.KMS_INSTANCE_ID_DEFAULT.equals(kmsInstanceID)) {
      region = kmsInstanceID;
    }
    if (region == null) {
      throw new ParquetCryptoRuntimeException("AwsKmsClient needs the KMS region: set " + REGION
          + " (e.g. us-east-1) or parquet.encryption.kms.instance.id");
    }
    String endpoint = conf.getTrimmed(ENDPOINT);
    if (endpoint == null && kmsInstanceURL != null && !KmsClient.KMS_INSTANCE_URL_DEFAULT.equals(kmsInstanceURL)) {
      endpoint = kmsInstanceURL;
    }
    var builder = software.amazon.awssdk.services.kms.KmsClient.builder()
        .region(Region.of(region))
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    kms = builder.build();
  }

  @Override
  public String wrapKey(byte[] keyBytes, String masterKeyIdentifier) {
    try {
      SdkBytes blob = kms.encrypt(EncryptRequest.builder().keyId(masterKeyIdentifier)
          .plaintext(SdkBytes.fromByteArray(keyBytes)).encryptionContext(Map.of(CONTEXT_KEY, CONTEXT_VALUE)).build())
          .ciphertextBlob();
      return Base64.getEncoder().encodeToString(blob.asByteArray());
    } catch (KmsException e) {
      throw refused(e) ? denied("encrypt with", masterKeyIdentifier, e) : new ParquetCryptoRuntimeException(
          "AWS KMS Encrypt with " + masterKeyIdentifier + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new ParquetCryptoRuntimeException("AWS KMS Encrypt with " + masterKeyIdentifier + " failed: "
          + e.getMessage(), e);
    }
  }

  @Override
  public byte[] unwrapKey(String wrappedKey, String masterKeyIdentifier) {
    try {
      return kms.decrypt(DecryptRequest.builder().keyId(masterKeyIdentifier)
          .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(wrappedKey)))
          .encryptionContext(Map.of(CONTEXT_KEY, CONTEXT_VALUE)).build()).plaintext().asByteArray();
    } catch (KmsException e) {
      throw refused(e) ? denied("decrypt with", masterKeyIdentifier, e) : new ParquetCryptoRuntimeException(
          "AWS KMS Decrypt with " + masterKeyIdentifier + " failed: " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new ParquetCryptoRuntimeException("AWS KMS Decrypt with " + masterKeyIdentifier + " failed: "
          + e.getMessage(), e);
    }
  }

  /** KMS error codes that mean "this principal may not use this key for this ciphertext". */
  private static final java.util.Set<String> REFUSALS = java.util.Set.of("AccessDeniedException", "NotFoundException",
      "DisabledException", "KMSInvalidStateException", "IncorrectKeyException", "InvalidCiphertextException",
      "InvalidKeyUsageException");

  private static boolean refused(KmsException e) {
    return e.awsErrorDetails() != null && REFUSALS.contains(e.awsErrorDetails().errorCode());
  }

  private static KeyAccessDeniedException denied(String what, String keyId, KmsException e) {
    String code = e.awsErrorDetails() == null ? e.getClass().getSimpleName() : e.awsErrorDetails().errorCode();
    return new KeyAccessDeniedException("AWS KMS refused to " + what + " master key " + keyId + " (" + code
        + "): grant this role kms:Encrypt/kms:Decrypt on it, or check that the key is enabled");
  }
}
