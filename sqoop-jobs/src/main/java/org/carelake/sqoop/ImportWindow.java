package org.carelake.sqoop;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SqlDialect;

/**
 * The rows of one import: last_modified in [start, end), in the source's own (facility) time.
 * The count and Sqoop's --where use the same predicate text, so both see the same rows.
 */
public record ImportWindow(LocalDateTime start, LocalDateTime end) {
  /** The command-line form of a window bound. */
  public static final String PATTERN = "yyyy-MM-dd HH:mm:ss";
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  public ImportWindow {
    if (start.getNano() != 0 || end.getNano() != 0) {
      throw new IllegalArgumentException("Window bounds are whole seconds; got " + start + " and " + end);
    }
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("Window start " + format(start) + " must be before window end " + format(end));
    }
  }

  /** Parses two bounds in the form {@value #PATTERN}; the message names the bad value. */
  public static ImportWindow parse(String start, String end) {
    return new ImportWindow(parseBound("--window-start", start), parseBound("--window-end", end));
  }

  private static LocalDateTime parseBound(String option, String value) {
    try {
      return LocalDateTime.parse(value, FORMAT);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a valid '" + PATTERN + "' time", e);
    }
  }

  public static String format(LocalDateTime t) {
    return FORMAT.format(t);
  }

  /** {@code last_modified >= TIMESTAMP 'start' AND last_modified < TIMESTAMP 'end'} in the dialect. */
  public String predicate(SqlDialect dialect) {
    String column = dialect.quote(TableSpec.LAST_MODIFIED);
    return column + " >= " + dialect.timestampLiteral(start) + " AND " + column + " < " + dialect.timestampLiteral(end);
  }
}
