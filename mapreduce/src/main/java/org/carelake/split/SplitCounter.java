package org.carelake.split;

/** Row counters of the split job (group org.carelake.split.SplitCounter). */
public enum SplitCounter {
  /** Staging records read. */
  ROWS_READ,
  /** Rows written to general/. */
  GENERAL_ROWS,
  /** Rows written to limited/ (equal to GENERAL_ROWS when the catalog has a limited target, else 0). */
  LIMITED_ROWS,
  /** Rows written to restricted/ (equal to GENERAL_ROWS for tables with a restricted zone, else 0). */
  RESTRICTED_ROWS,
  /** Rows written to quarantine/; per reason in group org.carelake.split.treatments.QuarantineReason. */
  QUARANTINED_ROWS,
  /** Sentinel dates the catalog maps to NULL ("on_sentinel": "null"), e.g. Synthea's 1970-01-01 TODATE. */
  SENTINELS_NULLED
}
