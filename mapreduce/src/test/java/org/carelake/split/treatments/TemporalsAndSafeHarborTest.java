package org.carelake.split.treatments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemporalsAndSafeHarborTest {
  static final Set<String> RESTRICTED = Set.of("036", "059", "102");

  @ParameterizedTest
  @ValueSource(strings = {"2014-05-06 08:34:30", "2014-05-06 08:34:30.0", "2014-05-06T08:34:30",
      "2014-05-06T08:34:30Z", "2014-05-06T08:34:30.000Z", "2014-05-06 10:34:30+02:00", "2014-05-06 03:34:30-0500",
      "2014-05-06 08:34:30 UTC", " 2014-05-06 08:34:30 "})
  void databaseAndIsoTimestampFormsParse(String text) {
    assertThat(Temporals.parseTimestamp(text)).isEqualTo(LocalDateTime.of(2014, 5, 6, 8, 34, 30));
  }

  @Test
  void fractionsKeepMicrosecondsAndDatesMeanMidnight() {
    assertThat(Temporals.parseTimestamp("2014-05-06 08:34:30.123456")).isEqualTo(
        LocalDateTime.of(2014, 5, 6, 8, 34, 30, 123_456_000));
    assertThat(Temporals.parseTimestamp("2014-05-06 08:34:30.123456789").getNano()).isEqualTo(123_456_000);
    assertThat(Temporals.parseTimestamp("2014-05-06 08:34:30.5").getNano()).isEqualTo(500_000_000);
    assertThat(Temporals.parseTimestamp("2014-05-06")).isEqualTo(LocalDateTime.of(2014, 5, 6, 0, 0));
    assertThat(Temporals.parseDate("2014-05-06")).isEqualTo(LocalDate.of(2014, 5, 6));
    assertThat(Temporals.parseDate("2014-05-06 00:00:00")).isEqualTo(LocalDate.of(2014, 5, 6));
    assertThat(Temporals.parseDate("1970-01-01")).isEqualTo(LocalDate.EPOCH); // Synthea's TODATE sentinel
  }

  @ParameterizedTest
  @ValueSource(strings = {"2014-02-30", "2014-13-01", "2014-05-06 24:00:00", "05/06/2014", "20140506", "", "today",
      "2014-05-06 08:34:30.1234567890", "2014-05-06 08:34:30+25:00"})
  void nonDatesDoNotParse(String text) {
    assertThat(Temporals.parseTimestamp(text)).isNull();
  }

  @Test
  void zip3() {
    assertThat(SafeHarbor.zip3("02081", RESTRICTED)).isEqualTo("020");
    assertThat(SafeHarbor.zip3("02081-4701", RESTRICTED)).isEqualTo("020");
    assertThat(SafeHarbor.zip3("020814701", RESTRICTED)).isEqualTo("020");
    assertThat(SafeHarbor.zip3("00000", RESTRICTED)).isEqualTo("000");
    assertThat(SafeHarbor.zip3("03601", RESTRICTED)).isEqualTo("000");
    assertThat(SafeHarbor.zip3("10212-0001", RESTRICTED)).isEqualTo("000");
    assertThat(SafeHarbor.zip3("21", RESTRICTED)).isEqualTo("000");
    assertThat(SafeHarbor.zip3("", RESTRICTED)).isEqualTo("000");
    assertThat(SafeHarbor.zip3(null, RESTRICTED)).isNull();
  }

  @Test
  void yearOnlyBucketsEveryoneOver89() {
    LocalDate d = LocalDate.of(2024, 6, 30);
    assertThat(SafeHarbor.yearOnly(LocalDate.of(1934, 7, 1), d)).isEqualTo(1934); // 89
    assertThat(SafeHarbor.yearOnly(LocalDate.of(1934, 6, 30), d)).isEqualTo(1934); // 90 today
    assertThat(SafeHarbor.yearOnly(LocalDate.of(1931, 1, 1), d)).isEqualTo(1934);
    assertThat(SafeHarbor.yearOnly(LocalDate.of(1899, 12, 31), d)).isEqualTo(1934);
    assertThat(SafeHarbor.yearOnly(LocalDate.of(1936, 3, 18), d)).isEqualTo(1936);
    assertThat(SafeHarbor.yearOnly(LocalDate.of(2025, 1, 1), d)).isEqualTo(2025);
  }

  @Test
  void ageCap() {
    assertThat(SafeHarbor.ageCap(89)).isEqualTo(89);
    assertThat(SafeHarbor.ageCap(90)).isEqualTo(90);
    assertThat(SafeHarbor.ageCap(104)).isEqualTo(90);
    assertThat(SafeHarbor.ageCap(104L)).isEqualTo(90L);
    assertThat(SafeHarbor.ageCap(null)).isNull();
  }
}
