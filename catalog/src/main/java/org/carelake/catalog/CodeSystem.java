package org.carelake.catalog;

import java.util.regex.Pattern;

/**
 * A code system whose codes carry a check digit, so a code that is not one of its codes can be
 * told without a terminology server: SNOMED CT concept ids (Verhoeff check digit, partition
 * 00 or 10) and LOINC codes (mod 10 check digit after the hyphen).
 */
public enum CodeSystem {
  SNOMED_CT,
  LOINC;

  private static final Pattern SNOMED = Pattern.compile("[1-9][0-9]{5,17}");
  private static final Pattern LOINC_CODE = Pattern.compile("([0-9]{1,7})-([0-9])");
  private static final int[][] VERHOEFF_D = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
      {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
      {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
      {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  private static final int[][] VERHOEFF_P = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
      {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
      {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

  /** True when {@code code} is well formed and its check digit is right. */
  public boolean isValid(String code) {
    if (code == null) {
      return false;
    }
    switch (this) {
      case SNOMED_CT: return snomed(code);
      case LOINC: return loinc(code);
      default: throw new AssertionError(this);
    }
  }

  /** What a valid code looks like, for quarantine details. */
  public String describe() {
    return this == SNOMED_CT ? "a SNOMED CT concept id (6-18 digits, Verhoeff check digit, partition 00 or 10)"
        : "a LOINC code (NNNNN-N, mod 10 check digit)";
  }

  private static boolean snomed(String code) {
    if (!SNOMED.matcher(code).matches()) {
      return false;
    }
    // the partition identifier (2nd and 3rd digits from the right): 00 or 10 for concepts
    String partition = code.substring(code.length() - 3, code.length() - 1);
    if (!partition.equals("00") && !partition.equals("10")) {
      return false;
    }
    int c = 0;
    for (int i = 0; i < code.length(); i++) {
      int digit = code.charAt(code.length() - 1 - i) - '0';
      c = VERHOEFF_D[c][VERHOEFF_P[i % 8][digit]];
    }
    return c == 0;
  }

  private static boolean loinc(String code) {
    var m = LOINC_CODE.matcher(code);
    if (!m.matches()) {
      return false;
    }
    String body = m.group(1);
    int sum = 0;
    for (int i = 0; i < body.length(); i++) {
      int n = body.charAt(body.length() - 1 - i) - '0';
      if (i % 2 == 0) { // the rightmost digit and every second one to its left are doubled
        n *= 2;
        n = n / 10 + n % 10;
      }
      sum += n;
    }
    return (10 - sum % 10) % 10 == m.group(2).charAt(0) - '0';
  }
}
