package org.carelake.pipeline.steps;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.carelake.catalog.ImportMode;
import org.carelake.catalog.TableSpec;

/**
 * The rows one nightly run imports from a table: last_modified in [D 00:00, D+1 00:00) in the
 * facility's wall-clock time (sources store local time), or everything for reference tables.
 * The same D always selects the same rows, so reruns and backfills rebuild the same partition.
 */
public record ImportWindow(Optional<LocalDateTime> start, Optional<LocalDateTime> end) {
  private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public static ImportWindow of(TableSpec table, LocalDate businessDate) {
    if (table.importMode() == ImportMode.FULL) {
      return new ImportWindow(Optional.empty(), Optional.empty());
    }
    return new ImportWindow(Optional.of(businessDate.atStartOfDay()), Optional.of(businessDate.plusDays(1).atStartOfDay()));
  }

  public boolean isFull() {
    return start.isEmpty();
  }

  public String startText() {
    return start.map(SQL::format).orElseThrow();
  }

  public String endText() {
    return end.map(SQL::format).orElseThrow();
  }

  @Override
  public String toString() {
    return isFull() ? "full table" : "[" + startText() + ", " + endText() + ")";
  }
}
