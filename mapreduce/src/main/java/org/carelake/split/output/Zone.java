package org.carelake.split.output;

import java.util.List;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;

/** The three outputs of the split, each a directory under the job's output directory. */
public enum Zone {
  /** De-identified rows with tokens: TableSpec.generalColumns(). */
  GENERAL("general"),
  /** Identifiers keyed by patient token: TableSpec.restrictedColumns(). Only for tables that hold identifiers. */
  RESTRICTED("restricted"),
  /** Rejected rows: {@link #QUARANTINE_COLUMNS}. */
  QUARANTINE("quarantine");

  /** Quarantine row: reason code, offending column, PHI-free detail, the whole source record as JSON. */
  public static final List<ZoneColumn> QUARANTINE_COLUMNS = List.of(
      new ZoneColumn("reason", "STRING", null),
      new ZoneColumn("column_name", "STRING", null),
      new ZoneColumn("detail", "STRING", null),
      new ZoneColumn("source_record", "STRING", null));

  private final String dirName;

  Zone(String dirName) {
    this.dirName = dirName;
  }

  /** The directory name under the output directory (and in the lake: general/, restricted/, quarantine/). */
  public String dirName() {
    return dirName;
  }

  /** The zone's columns for {@code table}, in file order. */
  public List<ZoneColumn> columns(TableSpec table) {
    switch (this) {
      case GENERAL: return table.generalColumns();
      case RESTRICTED: return table.restrictedColumns();
      default: return QUARANTINE_COLUMNS;
    }
  }

  /** True when the split writes this zone for {@code table}. */
  public boolean appliesTo(TableSpec table) {
    return this != RESTRICTED || table.hasRestrictedZone();
  }
}
