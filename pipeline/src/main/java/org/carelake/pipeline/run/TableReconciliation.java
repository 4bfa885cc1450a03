package org.carelake.pipeline.run;

import java.util.List;
import java.util.Map;

/**
 * One table's row counts through a run and whether they add up: rows in the source window =
 * rows staged = rows the split read = general + quarantined, and restricted = general for a
 * table that holds identifiers (one restricted row per accepted row), 0 otherwise.
 */
public record TableReconciliation(String table, String source, String window, long sourceRows, long stagedRows,
    long rowsRead, long generalRows, long restrictedRows, long quarantinedRows, Map<String, Long> quarantineReasons,
    List<String> problems) {

  public boolean reconciled() {
    return problems.isEmpty();
  }
}
