package org.carelake.catalog;

/** How the nightly import selects source rows for business date D. */
public enum ImportMode {
  /** Rows whose last_modified lies in [D 00:00, D+1 00:00) in the facility time zone. */
  WINDOWED,
  /** Every row, every night: small reference tables (organizations, providers, payers). */
  FULL;

  static ImportMode parse(String value, String table) {
    for (ImportMode mode : values()) {
      if (mode.name().equalsIgnoreCase(value)) {
        return mode;
      }
    }
    throw new CatalogException(
        "Table '%s' has import mode '%s'; use \"windowed\" or \"full\"", table, value);
  }
}
