package org.carelake.split.output;

import java.util.List;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;

/** The outputs of the split, each a directory under the job's output directory. */
public enum Zone {
  /** De-identified rows with tokens, in the profile of the catalog's "general" target (Safe Harbor). */
  GENERAL("general"),
  /** The limited data set (dates kept), when the catalog has a "limited" target. */
  LIMITED("limited"),
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

  /** The directory name under the output directory (and in the lake: general/, limited/, restricted/, quarantine/). */
  public String dirName() {
    return dirName;
  }

  /** The profile of a de-identified zone (GENERAL, LIMITED) as the catalog's targets choose it. */
  public Profile profile(DataCatalog catalog) {
    String target = this == LIMITED ? DataCatalog.LIMITED_TARGET : DataCatalog.GENERAL_TARGET;
    return catalog.target(target).orElse(Profile.SAFE_HARBOR);
  }

  /** The zone's columns for {@code table}, in file order. */
  public List<ZoneColumn> columns(DataCatalog catalog, TableSpec table) {
    switch (this) {
      case GENERAL: case LIMITED: return table.generalColumns(profile(catalog));
      case RESTRICTED: return table.restrictedColumns();
      default: return QUARANTINE_COLUMNS;
    }
  }

  /** True when the split writes this zone for {@code table}. */
  public boolean appliesTo(DataCatalog catalog, TableSpec table) {
    switch (this) {
      case LIMITED: return catalog.target(DataCatalog.LIMITED_TARGET).isPresent();
      case RESTRICTED: return table.hasRestrictedZone();
      default: return true;
    }
  }

  /** The zones the split writes for {@code table}. */
  public static List<Zone> of(DataCatalog catalog, TableSpec table) {
    return java.util.Arrays.stream(values()).filter(z -> z.appliesTo(catalog, table)).toList();
  }
}
