package org.carelake.pipeline.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The reconciliation summary printed at the end of a run: one line per table. */
public final class SummaryTable {
  private SummaryTable() {
  }

  public static void print(PrintStream out, List<TableReconciliation> tables) {
    String format = "%-28s %10s %10s %10s %10s %11s  %s%n";
    out.printf(Locale.ROOT, format, "table", "source", "staged", "general", "restricted", "quarantined", "status");
    out.println("-".repeat(100));
    long[] totals = new long[5];
    for (TableReconciliation t : tables) {
      out.printf(Locale.ROOT, format, t.source() + "." + t.table(), t.sourceRows(), t.stagedRows(), t.generalRows(),
          t.restrictedRows(), t.quarantinedRows(), t.reconciled() ? "ok" : "NOT RECONCILED: " + String.join("; ", t.problems()));
      totals[0] += t.sourceRows();
      totals[1] += t.stagedRows();
      totals[2] += t.generalRows();
      totals[3] += t.restrictedRows();
      totals[4] += t.quarantinedRows();
    }
    out.println("-".repeat(100));
    boolean all = tables.stream().allMatch(TableReconciliation::reconciled);
    out.printf(Locale.ROOT, format, "total (" + tables.size() + " tables)", totals[0], totals[1], totals[2], totals[3],
        totals[4], all ? "reconciled" : "NOT RECONCILED");
    out.flush();
  }
}
