package org.carelake.split.treatments;

import org.carelake.catalog.LogicalType;

/** Why a row went to quarantine; also the job counter names (one counter per reason). */
public enum QuarantineReason {
  /** A required column (catalog "required", the table's key or patient column) is NULL or blank. */
  MISSING_REQUIRED,
  UNPARSEABLE_DATE,
  UNPARSEABLE_TIMESTAMP,
  UNPARSEABLE_DECIMAL,
  /** An int, bigint or double column holds something that is not such a number (or overflows it). */
  UNPARSEABLE_NUMBER,
  /** The Avro value has a type no conversion to the catalog type exists for (e.g. bytes for a string). */
  UNEXPECTED_TYPE,
  /** A date column holds a placeholder the catalog forbids there ("sentinel_dates", e.g. 1970-01-01). */
  SENTINEL_DATE,
  /** A code column holds a code that is not of its catalog "code_system" (malformed, or a wrong check digit). */
  UNKNOWN_CODE,
  /** A measurement with a catalog "value_ranges" entry is not a number, out of range, or in other units. */
  IMPOSSIBLE_VITAL;

  /** The reason for a value of {@code type} that does not parse. */
  public static QuarantineReason unparseable(LogicalType type) {
    switch (type.kind()) {
      case DATE: return UNPARSEABLE_DATE;
      case TIMESTAMP: return UNPARSEABLE_TIMESTAMP;
      case DECIMAL: return UNPARSEABLE_DECIMAL;
      case INT: case BIGINT: case DOUBLE: return UNPARSEABLE_NUMBER;
      default: return UNEXPECTED_TYPE;
    }
  }
}
