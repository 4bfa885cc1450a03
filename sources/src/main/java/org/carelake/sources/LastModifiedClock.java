package org.carelake.sources;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The last_modified value of the i-th row of a load: the load day at a time of day that grows
 * with the row number, from 00:00:00 for the first row to 23:59:59 for the last. The rows thus
 * cover the whole nightly window [D 00:00, D+1 00:00), both edges included, and the same load
 * always gives the same times.
 */
final class LastModifiedClock {
  private static final long LAST_SECOND_OF_DAY = 86_399;

  private LastModifiedClock() {
  }

  /** {@code index} counts from 0 to {@code count - 1}. */
  static LocalDateTime at(LocalDate day, long index, long count) {
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("Row index " + index + " is outside 0.." + (count - 1));
    }
    long second = count == 1 ? 0 : Math.multiplyExact(index, LAST_SECOND_OF_DAY) / (count - 1);
    return day.atStartOfDay().plusSeconds(second);
  }
}
