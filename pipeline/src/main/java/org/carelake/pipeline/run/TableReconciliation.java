package org.carelake.pipeline.run;

import java.util.List;
import java.util.Map;

/**
 * One table's row counts for one partition (dt=D) through a run and whether they add up: rows
 * in the source window = rows staged = rows the split read = general + quarantined; limited =
 * general when the catalog has a limited-data-set target; and for a table that holds identifiers
 * restricted = general = distinct record tokens of the restricted files, every restricted patient
 * token a general patient, and, for the table keyed by patient (patients), restricted = distinct
 * patient tokens. {@code restrictedRule} says which of these the table is held to.
 */
public record TableReconciliation(String table, String source, String window, long sourceRows, long stagedRows,
    long rowsRead, long generalRows, long restrictedRows, long quarantinedRows, Map<String, Long> quarantineReasons,
    List<String> problems, String partition, long limitedRows, long restrictedDistinctPatients,
    long restrictedDistinctRecords, long sentinelsNulled, String restrictedRule) {

  public boolean reconciled() {
    return problems.isEmpty();
  }
}
