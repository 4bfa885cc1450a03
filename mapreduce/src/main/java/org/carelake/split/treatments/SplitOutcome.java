package org.carelake.split.treatments;

/** What the split makes of one staging record: zone rows, or a reason to quarantine it. */
public sealed interface SplitOutcome permits SplitOutcome.Valid, SplitOutcome.Quarantined {

  /**
   * A clean record: its general row (TableSpec.generalColumns() order) and, for tables with a
   * restricted zone, its restricted row (TableSpec.restrictedColumns() order; null otherwise).
   */
  record Valid(Object[] general, Object[] restricted) implements SplitOutcome {
  }

  /** A rejected record: the reason code, the first offending column, and a PHI-free detail. */
  record Quarantined(QuarantineReason reason, String column, String detail) implements SplitOutcome {
  }
}
