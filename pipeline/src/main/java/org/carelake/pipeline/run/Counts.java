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
  /** Rows written to the limited-data-set zone (= general rows when the catalog has that target). */
  public static final String LIMITED_ROWS = "limited_rows";
  /** Distinct patient tokens of the restricted rows, counted from the restricted files. */
  public static final String RESTRICTED_DISTINCT_PATIENTS = "restricted_distinct_patients";
  /** Distinct record tokens of the restricted rows, counted from the restricted files. */
  public static final String RESTRICTED_DISTINCT_RECORDS = "restricted_distinct_records";
  /** Restricted patient tokens without a general row in the partition (must be 0). */
  public static final String RESTRICTED_PATIENTS_NOT_IN_GENERAL = "restricted_patients_not_in_general";
  /** Sentinel dates the catalog maps to NULL. */
  public static final String SENTINELS_NULLED = "sentinels_nulled";
  /** Prefix of per-reason quarantine counts: quarantine.&lt;REASON&gt;. */
  public static final String QUARANTINE_REASON_PREFIX = "quarantine.";

  private Counts() {
  }
}
