package org.carelake.split.treatments;

import java.time.LocalDate;
import java.util.Set;

/** The value generalisations HIPAA Safe Harbor allows (45 CFR 164.514(b)(2)). */
public final class SafeHarbor {
  /** Ages over 89 are aggregated into one "90 or older" value. */
  public static final int AGE_CAP = 90;

  private SafeHarbor() {
  }

  /**
   * The first three digits of a ZIP code ("02081", "02081-1234", "020811234" -> "020"), or "000"
   * when it has fewer than three digits, is 00000, or its ZIP3 area is on the restricted list
   * (20,000 people or fewer). Null stays null.
   */
  public static String zip3(String zip, Set<String> restrictedZip3) {
    if (zip == null) {
      return null;
    }
    String digits = zip.replaceAll("[^0-9]", "");
    if (digits.length() < 3) {
      return "000";
    }
    String prefix = digits.substring(0, 3);
    return restrictedZip3.contains(prefix) ? "000" : prefix; // 00000 gives "000" by itself
  }

  /**
   * The year of {@code date}; for a date 90 or more years before the business date (an age over
   * 89) the year that is 90 years before it, so every such person lands in one 90+ bucket.
   */
  public static int yearOnly(LocalDate date, LocalDate businessDate) {
    if (!date.isAfter(businessDate.minusYears(AGE_CAP))) {
      return businessDate.getYear() - AGE_CAP;
    }
    return date.getYear();
  }

  /** An age capped at 90, keeping its Java type (Integer or Long). */
  public static Number ageCap(Number age) {
    if (age == null || age.longValue() < AGE_CAP) {
      return age;
    }
    return age instanceof Integer ? (Number) AGE_CAP : (Number) (long) AGE_CAP;
  }
}
