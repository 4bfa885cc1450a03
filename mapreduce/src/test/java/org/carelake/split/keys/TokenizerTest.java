package org.carelake.split.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenizerTest {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
  static final String PATIENT = "b37f7960-7e9e-f3f7-f891-79ae4f632406";

  @Test
  void tokenIsHmacSha256OfDomainNulValueInLowercaseHex() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(("patient\u0000" + PATIENT).getBytes(StandardCharsets.UTF_8)));
    assertThat(new Tokenizer(KEY).token("patient", PATIENT)).isEqualTo(expected).matches("[0-9a-f]{64}");
  }

  @Test
  void sameValueKeyAndDomainGiveTheSameTokenAndAnyDifferenceAnother() {
    Tokenizer t = new Tokenizer(KEY);
    assertThat(new Tokenizer(KEY).token("patient", PATIENT)).isEqualTo(t.token("patient", PATIENT));
    assertThat(t.token("member", PATIENT)).isNotEqualTo(t.token("patient", PATIENT));
    assertThat(new Tokenizer(OTHER).token("patient", PATIENT)).isNotEqualTo(t.token("patient", PATIENT));
    // the separator keeps (domain, value) pairs apart
    assertThat(t.token("ab", "c")).isNotEqualTo(t.token("a", "bc"));
  }

  @Test
  void shortKeysAndTheDateShiftDomainAreRefused() {
    assertThatThrownBy(() -> new Tokenizer(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Tokenizer(KEY).token(Tokenizer.DATE_SHIFT_DOMAIN, PATIENT))
        .hasMessageContaining("reserved");
  }

  @Test
  void dateShiftIsNonZeroWithinHalfAYearStablePerPatientAndSpread() {
    DateShift shift = new DateShift(new Tokenizer(KEY));
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      int offset = shift.offsetDays("patient-" + i);
      assertThat(offset).isBetween(-182, 182).isNotZero();
      seen.merge(offset, 1, Integer::sum);
    }
    assertThat(seen.keySet()).contains(-182, 182).hasSizeGreaterThan(350); // nearly all 364 values occur
    int offset = shift.offsetDays(PATIENT);
    assertThat(new DateShift(new Tokenizer(KEY)).offsetDays(PATIENT)).isEqualTo(offset);
    assertThat(shift.shift(LocalDate.of(2014, 5, 6), PATIENT)).isEqualTo(LocalDate.of(2014, 5, 6).plusDays(offset));
    assertThat(new DateShift(new Tokenizer(OTHER)).offsetDays(PATIENT)).isBetween(-182, 182);
  }
}
