package org.carelake.catalog;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * Value rules of one column beyond its type: sentinel dates (a placeholder such as 1970-01-01
 * that a source writes for "unknown") and what the split does with them, and the code system a
 * code column must belong to (plus codes a source adds outside it, e.g. Synthea's QALY).
 */
public record ColumnRules(Set<LocalDate> sentinelDates, SentinelAction onSentinel, Optional<CodeSystem> codeSystem,
    Set<String> extraCodes) {

  /** What a sentinel date becomes. */
  public enum SentinelAction {
    /** The row goes to quarantine (reason SENTINEL_DATE): the column must hold a real date. */
    QUARANTINE,
    /** The value means "none": NULL in every zone, counted (a shifted 1970-01-01 would look real). */
    NULL
  }

  public static final ColumnRules NONE = new ColumnRules(Set.of(), SentinelAction.QUARANTINE, Optional.empty(),
      Set.of());

  public ColumnRules {
    sentinelDates = Set.copyOf(sentinelDates);
    extraCodes = Set.copyOf(extraCodes);
  }

  public boolean isSentinel(LocalDate date) {
    return date != null && sentinelDates.contains(date);
  }
}
