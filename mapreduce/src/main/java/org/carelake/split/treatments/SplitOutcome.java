package org.carelake.split.treatments;

/** What the split makes of one staging record: zone rows, or a reason to quarantine it. */
public sealed interface SplitOutcome permits SplitOutcome.Valid, SplitOutcome.Quarantined {

  /**
   * A clean record: its general row (the general target's column order), its limited-data-set
   * row (null without a limited target), its restricted row (TableSpec.restrictedColumns() order;
   * null for tables without identifiers), and how many sentinel values it had that became NULL.
   */
  record Valid(Object[] general, Object[] limited, Object[] restricted, int sentinelsNulled) implements SplitOutcome {
  }

  /** A rejected record: the reason code, the first offending column, and a PHI-free detail. */
  record Quarantined(QuarantineReason reason, String column, String detail) implements SplitOutcome {
  }
}
