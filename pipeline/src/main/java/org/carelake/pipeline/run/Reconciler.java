package org.carelake.pipeline.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/** Checks, per table, that every row read was written or quarantined, from the step records alone. */
public final class Reconciler {
  private Reconciler() {
  }

  /**
   * @param windows per table, a printable description of the import window
   */
  public static List<TableReconciliation> reconcile(DataCatalog catalog, List<String> tables,
      Map<String, String> windows, List<StepRecord> records) {
    List<TableReconciliation> out = new ArrayList<>();
    for (String name : tables) {
      TableSpec table = catalog.table(name);
      Optional<StepRecord> imported = find(records, name, "sqoop-import");
      Optional<StepRecord> split = find(records, name, "phi-split");
      List<String> problems = new ArrayList<>();
      long source = imported.map(r -> r.count(Counts.SOURCE_ROWS)).orElse(0L);
      long staged = imported.map(r -> r.count(Counts.STAGED_ROWS)).orElse(0L);
      long read = split.map(r -> r.count(Counts.ROWS_READ)).orElse(0L);
      long general = split.map(r -> r.count(Counts.GENERAL_ROWS)).orElse(0L);
      long restricted = split.map(r -> r.count(Counts.RESTRICTED_ROWS)).orElse(0L);
      long quarantined = split.map(r -> r.count(Counts.QUARANTINED_ROWS)).orElse(0L);
      Map<String, Long> reasons = new TreeMap<>();
      split.ifPresent(r -> r.counts().forEach((k, v) -> {
        if (k.startsWith(Counts.QUARANTINE_REASON_PREFIX)) {
          reasons.put(k.substring(Counts.QUARANTINE_REASON_PREFIX.length()), v);
        }
      }));
      if (imported.isEmpty() || imported.get().status() != StepStatus.SUCCEEDED) {
        problems.add(imported.map(r -> r.status() == StepStatus.FAILED ? "import FAILED" : "import not run").orElse("import not run"));
      } else if (split.isEmpty() || split.get().status() != StepStatus.SUCCEEDED) {
        problems.add(split.map(r -> r.status() == StepStatus.FAILED ? "PHI split FAILED" : "PHI split not run").orElse("PHI split not run"));
      } else {
        if (source != staged) {
          problems.add(String.format("%d rows in the source window but %d staged", source, staged));
        }
        if (read != staged) {
          problems.add(String.format("%d rows staged but the split read %d", staged, read));
        }
        if (read != general + quarantined) {
          problems.add(String.format("the split read %d rows but wrote %d general + %d quarantined",
              read, general, quarantined));
        }
        long expectedRestricted = table.hasRestrictedZone() ? general : 0;
        if (restricted != expectedRestricted) {
          problems.add(String.format("%d restricted rows where %d were expected", restricted, expectedRestricted));
        }
        long reasonTotal = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (reasonTotal != quarantined) {
          problems.add(String.format("%d quarantined rows but reasons account for %d", quarantined, reasonTotal));
        }
      }
      out.add(new TableReconciliation(name, table.source(), windows.getOrDefault(name, ""), source, staged, read,
          general, restricted, quarantined, reasons, problems));
    }
    return out;
  }

  private static Optional<StepRecord> find(List<StepRecord> records, String table, String kind) {
    return records.stream()
        .filter(r -> r.kind().equals(kind) && r.table().map(table::equals).orElse(false))
        .reduce((a, b) -> b);
  }
}
