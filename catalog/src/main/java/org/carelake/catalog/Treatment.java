package org.carelake.catalog;

/**
 * What the PHI split job does with one source column. Every column of every source table has
 * exactly one treatment; see DESIGN.md for the Safe Harbor identifiers each one covers.
 */
public enum Treatment {
  /** Not an identifier: copied to the general zone unchanged. */
  KEEP,
  /** Not needed anywhere downstream: written to no zone. */
  DROP,
  /** Replaced by a keyed HMAC-SHA256 token of its value (same value and key give the same token). */
  TOKENIZE,
  /** A date related to the individual: only the year reaches the general zone (column NAME_year). */
  YEAR_ONLY,
  /** An event date: moved by a per-patient keyed offset, the same for every table, so intervals survive. */
  DATE_SHIFT,
  /** A ZIP code: only its first three digits (column NAME3), 000 for restricted areas and 00000. */
  ZIP3,
  /** An age: capped at 90 (Safe Harbor aggregates ages over 89). */
  AGE_CAP,
  /** A direct identifier: written only to the restricted zone, keyed by the patient token. */
  RESTRICTED_ONLY;

  /** True when a transformed or copied value of the column reaches the general zone. */
  public boolean writesGeneral() {
    return this != DROP && this != RESTRICTED_ONLY;
  }

  /**
   * True when the column marks its table as holding identifiers, so the table writes a
   * restricted-zone row (the original values, keyed by the patient token) for each valid row.
   */
  public boolean isIdentifying() {
    return this == RESTRICTED_ONLY || this == YEAR_ONLY || this == ZIP3 || this == AGE_CAP;
  }
}
