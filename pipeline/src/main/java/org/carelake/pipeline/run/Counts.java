package org.carelake.pipeline.run;

/** The count names steps report and the reconciliation checks. */
public final class Counts {
  /** Rows in the source table's window (SELECT COUNT(*) with the import's predicate). */
  public static final String SOURCE_ROWS = "source_rows";
  /** Records in the staged Avro files. */
  public static final String STAGED_ROWS = "staged_rows";
  /** Records the split job read from staging. */
  public static final String ROWS_READ = "rows_read";
  public static final String GENERAL_ROWS = "general_rows";
  public static final String RESTRICTED_ROWS = "restricted_rows";
  public static final String QUARANTINED_ROWS = "quarantined_rows";
  /** Prefix of per-reason quarantine counts: quarantine.&lt;REASON&gt;. */
  public static final String QUARANTINE_REASON_PREFIX = "quarantine.";

  private Counts() {
  }
}
