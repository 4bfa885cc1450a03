package org.carelake.split;

/** Row counters of the split job (group org.carelake.split.SplitCounter). */
public enum SplitCounter {
  /** Staging records read. */
  ROWS_READ,
  /** Rows written to general/. */
  GENERAL_ROWS,
  /** Rows written to restricted/ (equal to GENERAL_ROWS for tables with a restricted zone, else 0). */
  RESTRICTED_ROWS,
  /** Rows written to quarantine/; per reason in group org.carelake.split.treatments.QuarantineReason. */
  QUARANTINED_ROWS
}
