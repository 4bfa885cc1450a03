package org.carelake.split.keys;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Per-patient date offsets: a whole number of days in [-182, 182], never 0, derived from
 * HMAC(key, "date-shift" + '\u0000' + patient id). Every table shifts one patient's dates by the
 * same offset, so intervals (length of stay, days from diagnosis to procedure) survive while
 * the calendar dates do not.
 */
public final class DateShift {
  public static final int MAX_DAYS = 182;

  private final Tokenizer tokenizer;
  // rows of one patient tend to arrive together: remember the last offset
  private String lastPatient;
  private int lastOffset;

  public DateShift(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The patient's offset in days: in [-182, -1] or [1, 182]. */
  public int offsetDays(String patientId) {
    if (patientId.equals(lastPatient)) {
      return lastOffset;
    }
    long bits = ByteBuffer.wrap(tokenizer.digest(Tokenizer.DATE_SHIFT_DOMAIN, patientId), 0, Long.BYTES).getLong();
    int r = (int) Math.floorMod(bits, 2L * MAX_DAYS); // 0..363, one value per non-zero offset
    lastOffset = r < MAX_DAYS ? r - MAX_DAYS : r - MAX_DAYS + 1;
    lastPatient = patientId;
    return lastOffset;
  }

  public LocalDate shift(LocalDate date, String patientId) {
    return date.plusDays(offsetDays(patientId));
  }

  public LocalDateTime shift(LocalDateTime timestamp, String patientId) {
    return timestamp.plusDays(offsetDays(patientId));
  }
}
