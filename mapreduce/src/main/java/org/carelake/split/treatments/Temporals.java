package org.carelake.split.treatments;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the temporal strings the databases hand Sqoop (columns mapped to String): "2014-05-06",
 * "2014-05-06 08:34:30", "2014-05-06 08:34:30.0", "2014-05-06 08:34:30.123456", ISO forms with
 * 'T', and an optional zone suffix (Z, +hh, +hhmm, +hh:mm), which is normalised to UTC.
 * Fractions beyond microseconds are truncated (Hive's Parquet timestamps hold microseconds).
 */
public final class Temporals {
  private static final Pattern FORM = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
      + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
      + "\\s*(Z|UTC|[+-]\\d{2}(?::?\\d{2})?)?");

  /** Human description of the accepted forms, for quarantine details. */
  public static final String ACCEPTED = "yyyy-MM-dd[( |T)HH:mm[:ss[.fffffffff]]][Z|+hh:mm]";

  private Temporals() {
  }

  /** A timestamp; a bare date means midnight. Null when the text is not one. */
  public static LocalDateTime parseTimestamp(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      LocalTime time = LocalTime.MIDNIGHT;
      if (m.group(4) != null) {
        int nanos = 0;
        if (m.group(7) != null) {
          String fraction = (m.group(7) + "00000000").substring(0, 9);
          nanos = Integer.parseInt(fraction);
        }
        time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
            m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
      }
      LocalDateTime local = LocalDateTime.of(date, time);
      String zone = m.group(8);
      if (zone != null && !zone.equals("Z") && !zone.equals("UTC")) {
        local = local.atOffset(ZoneOffset.of(zone)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      }
      return local.truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeException | NumberFormatException e) {
      return null; // e.g. 2014-02-30 or 25:00
    }
  }

  /** A date; a timestamp contributes its (UTC) date part. Null when the text is not one. */
  public static LocalDate parseDate(String text) {
    LocalDateTime ts = parseTimestamp(text);
    return ts == null ? null : ts.toLocalDate();
  }
}
