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
      Map<String, String> windows, List<StepRecord> records, java.time.LocalDate businessDate) {
    boolean limitedTarget = catalog.target(DataCatalog.LIMITED_TARGET).isPresent();
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
      long limited = split.map(r -> r.count(Counts.LIMITED_ROWS)).orElse(0L);
      long patients = split.map(r -> r.count(Counts.RESTRICTED_DISTINCT_PATIENTS)).orElse(0L);
      long records_ = split.map(r -> r.count(Counts.RESTRICTED_DISTINCT_RECORDS)).orElse(0L);
      long orphans = split.map(r -> r.count(Counts.RESTRICTED_PATIENTS_NOT_IN_GENERAL)).orElse(0L);
      long nulled = split.map(r -> r.count(Counts.SENTINELS_NULLED)).orElse(0L);
      boolean keyedByPatient = table.patient().map(table.key()::equals).orElse(false);
      String rule = !table.hasRestrictedZone() ? "no identifiers: restricted = 0"
          : keyedByPatient ? "restricted = general = distinct patient tokens = distinct record tokens"
          : "restricted = general = distinct record tokens; every restricted patient has a general row";
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
        if (table.hasRestrictedZone() && records_ != restricted) {
          problems.add(String.format("%d restricted rows but %d distinct record tokens", restricted, records_));
        }
        if (table.hasRestrictedZone() && keyedByPatient && patients != restricted) {
          problems.add(String.format("%d restricted rows but %d distinct patients", restricted, patients));
        }
        if (orphans != 0) {
          problems.add(String.format("%d restricted patient tokens without a general row", orphans));
        }
        long expectedLimited = limitedTarget ? general : 0;
        if (limited != expectedLimited) {
          problems.add(String.format("%d limited-data-set rows where %d were expected", limited, expectedLimited));
        }
        long reasonTotal = reasons.values().stream().mapToLong(Long::longValue).sum();
        if (reasonTotal != quarantined) {
          problems.add(String.format("%d quarantined rows but reasons account for %d", quarantined, reasonTotal));
        }
      }
      out.add(new TableReconciliation(name, table.source(), windows.getOrDefault(name, ""), source, staged, read,
          general, restricted, quarantined, reasons, problems, "dt=" + businessDate, limited, patients, records_, nulled,
          rule));
    }
    return out;
  }

  private static Optional<StepRecord> find(List<StepRecord> records, String table, String kind) {
    return records.stream()
        .filter(r -> r.kind().equals(kind) && r.table().map(table::equals).orElse(false))
        .reduce((a, b) -> b);
  }
}
