package org.carelake.sources;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one {@link SyntheaCsvLoader#load()} wrote: rows per table in catalog order, files skipped. */
public final class LoadReport {
  /** One loaded table: the rows inserted and the row_id range they got. */
  public record TableLoad(String source, String table, long rows, long firstRowId, long lastRowId) {
  }

  private final LocalDate modifiedOn;
  private final ZoneId facilityZone;
  private final List<TableLoad> tables;
  private final List<String> skippedFiles;

  LoadReport(LocalDate modifiedOn, ZoneId facilityZone, List<TableLoad> tables, List<String> skippedFiles) {
    this.modifiedOn = modifiedOn;
    this.facilityZone = facilityZone;
    this.tables = List.copyOf(tables);
    this.skippedFiles = List.copyOf(skippedFiles);
  }

  public List<TableLoad> tables() {
    return tables;
  }

  /** Rows loaded per table, in catalog order. */
  public Map<String, Long> rowsLoaded() {
    Map<String, Long> out = new LinkedHashMap<>();
    tables.forEach(t -> out.put(t.table(), t.rows()));
    return out;
  }

  public long rows(String table) {
    return tables.stream().filter(t -> t.table().equals(table)).mapToLong(TableLoad::rows).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Table '" + table + "' was not loaded; loaded: "
            + rowsLoaded().keySet()));
  }

  public long totalRows() {
    return tables.stream().mapToLong(TableLoad::rows).sum();
  }

  /** CSV files in the directory that name no catalog table (Synthea's imaging_studies, supplies). */
  public List<String> skippedFiles() {
    return skippedFiles;
  }

  public LocalDate modifiedOn() {
    return modifiedOn;
  }

  /** A printable summary, one line per table. */
  public String summary() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "Loaded %d rows into %d tables, last_modified on %s (%s)%n", totalRows(), tables.size(), modifiedOn,
        facilityZone));
    for (TableLoad t : tables) {
      s.append(String.format(Locale.ROOT, "  %-28s %9d rows", t.source() + "." + t.table(), t.rows()));
      if (t.rows() > 0) {
        s.append(String.format(Locale.ROOT, "  row_id %d..%d", t.firstRowId(), t.lastRowId()));
      }
      s.append(System.lineSeparator());
    }
    if (!skippedFiles.isEmpty()) {
      s.append("Skipped (not in the catalog): ").append(String.join(", ", skippedFiles))
          .append(System.lineSeparator());
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
