package org.carelake.catalog;

/**
 * A de-identification profile: what a target zone may receive from the identifying columns.
 * The catalog's "targets" choose one per zone; docs/SAFE_HARBOR.md describes both.
 */
public enum Profile {
  /**
   * HIPAA Safe Harbor as CareLake applies it: identifiers removed or tokenized, dates related to
   * the individual reduced to the year (ages over 89 bucketed) or shifted by a per-patient
   * offset, ZIP codes reduced to ZIP3, ages capped at 90. The general zone's default.
   */
  SAFE_HARBOR("safe-harbor"),
  /**
   * HIPAA limited data set (45 CFR 164.514(e)): as Safe Harbor, but dates and ages are kept as
   * they are (no shift, no year-only, no cap). Still PHI: only for an internal zone that Ranger
   * guards more tightly, under a data use agreement. Geography stays at ZIP3 (stricter than the
   * rule requires).
   */
  LIMITED_DATA_SET("limited-data-set");

  private final String id;

  Profile(String id) {
    this.id = id;
  }

  /** The spelling in the catalog and in configuration: safe-harbor, limited-data-set. */
  public String id() {
    return id;
  }

  /** True when dates and ages reach the zone unchanged. */
  public boolean keepsDates() {
    return this == LIMITED_DATA_SET;
  }

  public static Profile parse(String value, String where) {
    for (Profile p : values()) {
      if (p.id.equals(value)) {
        return p;
      }
    }
    throw new CatalogException("%s names profile '%s'; use \"safe-harbor\" or \"limited-data-set\"", where, value);
  }

  @Override
  public String toString() {
    return id;
  }
}
