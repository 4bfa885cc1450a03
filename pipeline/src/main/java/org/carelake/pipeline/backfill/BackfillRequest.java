package org.carelake.pipeline.backfill;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.config.PipelineConfigException;

/**
 * What a DBA asked for: days D1..D2 (inclusive, facility days that are over), all tables or some,
 * with or without --force. Every check names the bad input and what to use instead.
 */
public record BackfillRequest(LocalDate from, LocalDate to, List<String> tables, boolean force) {
  /** A backfill longer than this is almost certainly a typo in a year. */
  public static final int MAX_DAYS = 366;

  public static BackfillRequest of(LocalDate from, LocalDate to, List<String> tables, boolean force,
      DataCatalog catalog, ZoneId zone, LocalDate today) {
    if (to.isBefore(from)) {
      throw new PipelineConfigException("--to %s is before --from %s; give the earlier day first", to, from);
    }
    if (!from.isBefore(today) || !to.isBefore(today)) {
      LocalDate bad = !from.isBefore(today) ? from : to;
      throw new PipelineConfigException("%s is not over yet in %s (today is %s): its window is incomplete; "
          + "backfill up to %s", bad, zone, today, today.minusDays(1));
    }
    long days = ChronoUnit.DAYS.between(from, to) + 1;
    if (days > MAX_DAYS) {
      throw new PipelineConfigException("--from %s --to %s is %d days, more than %d; split it into smaller backfills",
          from, to, days, MAX_DAYS);
    }
    List<String> known = catalog.tables().stream().map(TableSpec::name).toList();
    List<String> unknown = tables.stream().filter(t -> !known.contains(t)).toList();
    if (!unknown.isEmpty()) {
      throw new PipelineConfigException("--tables %s: %s not in the catalog; known tables: %s",
          String.join(",", tables), String.join(", ", unknown), String.join(",", known));
    }
    List<String> ordered = known.stream().filter(tables::contains).toList();
    return new BackfillRequest(from, to, ordered, force);
  }

  public List<LocalDate> days() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  public boolean allTables() {
    return tables.isEmpty();
  }

  /** The tables as the workflow parameter takes them: "all" or a comma-separated list. */
  public String tablesParameter() {
    return allTables() ? "all" : String.join(",", tables);
  }

  /** Names the request's resume state: the same command resumes the same backfill. */
  public String key() {
    return from + "_" + to + "_" + (allTables() ? "all" : String.join("-", tables)) + (force ? "_force" : "");
  }

  @Override
  public String toString() {
    return from + " .. " + to + " (" + days().size() + " days), tables " + tablesParameter() + (force ? ", forced" : "");
  }
}
