package org.carelake.split.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed tokens: HMAC-SHA256(key, domain + '\u0000' + value) as lowercase hex. The same value,
 * key and domain always give the same token, so tokens join across tables; different domains
 * give unrelated tokens, so a patient id and an equal member id do not link. Without the key a
 * token cannot be reversed or recomputed. Not thread-safe (one per task).
 */
public final class Tokenizer {
  /** Reserved for {@link DateShift}: a column tokenized in it would publish date offsets. */
  public static final String DATE_SHIFT_DOMAIN = "date-shift";
  private static final String ALGORITHM = "HmacSHA256";

  private final Mac mac;

  public Tokenizer(byte[] key) {
    if (key == null || key.length < TokenKeys.MIN_KEY_BYTES) {
      throw new IllegalArgumentException("A token key needs at least " + TokenKeys.MIN_KEY_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JVM cannot compute " + ALGORITHM, e);
    }
  }

  /** The token of {@code value} in {@code domain} (a catalog TOKENIZE domain such as "patient"). */
  public String token(String domain, String value) {
    if (DATE_SHIFT_DOMAIN.equals(domain)) {
      throw new IllegalArgumentException("Token domain '" + DATE_SHIFT_DOMAIN
          + "' is reserved for date shifting; give the column another domain in the catalog");
    }
    return HexFormat.of().formatHex(digest(domain, value));
  }

  /** The raw HMAC of domain + NUL + value. */
  byte[] digest(String domain, String value) {
    mac.update(domain.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }
}
