package org.carelake.synthea;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The command line of {@link GenerateSyntheaCsv}, checked before Synthea starts (its start-up
 * costs ~35 s of CPU, so a typo should fail in milliseconds).
 */
record GeneratorArguments(Path out, int patients, long seed, LocalDate referenceDate, int yearsOfHistory,
    String state) {

  static final int DEFAULT_PATIENTS = 20;
  static final long DEFAULT_SEED = 42;
  static final int DEFAULT_YEARS_OF_HISTORY = 10;
  static final String DEFAULT_STATE = "Massachusetts";

  static final String USAGE = String.join(System.lineSeparator(),
      "Usage: GenerateSyntheaCsv --out DIR --reference-date YYYY-MM-DD [--patients N] [--seed S]",
      "                          [--years-of-history Y] [--state NAME]",
      "Writes a Synthea CSV export, one DIR/<table>.csv per table, byte-identical for the same arguments.",
      "  --out DIR                an empty or new directory",
      "  --reference-date DATE    the simulated 'today' (not in the future); required, so runs repeat",
      "  --patients N             living patients to generate, >= 1 (default " + DEFAULT_PATIENTS + ")",
      "  --seed S                 random seed, also used as the clinician seed (default " + DEFAULT_SEED + ")",
      "  --years-of-history Y     years of records before the reference date, 0 = whole lives (default "
          + DEFAULT_YEARS_OF_HISTORY + ")",
      "  --state NAME             US state the population lives in (default " + DEFAULT_STATE + ")",
      "  --help                   print this text");

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
      .withResolverStyle(ResolverStyle.STRICT);

  /** A bad command line; the message names the argument and what to pass instead. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Parses {@code args}; returns null when --help was asked for. {@code today} bounds the reference date. */
  static GeneratorArguments parse(String[] args, LocalDate today) throws UsageException {
    Deque<String> queue = new ArrayDeque<>(Arrays.asList(args));
    Path out = null;
    LocalDate referenceDate = null;
    int patients = DEFAULT_PATIENTS;
    long seed = DEFAULT_SEED;
    int years = DEFAULT_YEARS_OF_HISTORY;
    String state = DEFAULT_STATE;
    while (!queue.isEmpty()) {
      String option = queue.poll();
      switch (option) {
        case "--help", "-h" -> {
          return null;
        }
        case "--out" -> out = Path.of(value(queue, option));
        case "--patients" -> {
          patients = integer(value(queue, option), option);
          if (patients < 1) {
            throw new UsageException("--patients " + patients + " is less than 1; pass how many patients to "
                + "generate, e.g. --patients 20");
          }
        }
        case "--seed" -> {
          String v = value(queue, option);
          try {
            seed = Long.parseLong(v);
          } catch (NumberFormatException e) {
            throw new UsageException("--seed '" + v + "' is not a whole number; pass e.g. --seed 42");
          }
        }
        case "--reference-date" -> {
          String v = value(queue, option);
          try {
            referenceDate = LocalDate.parse(v, DATE);
          } catch (DateTimeParseException e) {
            throw new UsageException("--reference-date '" + v + "' is not a date YYYY-MM-DD; pass e.g. "
                + "--reference-date 2024-01-15");
          }
          if (referenceDate.isAfter(today)) {
            throw new UsageException("--reference-date " + referenceDate + " is in the future (today is " + today
                + " UTC); Synthea would simulate records that have not happened yet; pass today or an earlier date");
          }
        }
        case "--years-of-history" -> {
          years = integer(value(queue, option), option);
          if (years < 0) {
            throw new UsageException("--years-of-history " + years + " is negative; pass 0 for whole lives or "
                + "a number of years, e.g. 10");
          }
        }
        case "--state" -> state = value(queue, option);
        default -> throw new UsageException("Unknown argument '" + option + "'; see the usage below");
      }
    }
    if (out == null) {
      throw new UsageException("--out is missing; pass the directory to write the CSV files to");
    }
    if (referenceDate == null) {
      throw new UsageException("--reference-date is missing; pass the simulated 'today' (e.g. --reference-date "
          + today + "): without it the output depends on when it runs");
    }
    return new GeneratorArguments(out, patients, seed, referenceDate, years, state);
  }

  private static String value(Deque<String> queue, String option) throws UsageException {
    String v = queue.poll();
    if (v == null || v.startsWith("--")) {
      throw new UsageException(option + " needs a value; see the usage below");
    }
    return v;
  }

  private static int integer(String v, String option) throws UsageException {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " '" + v + "' is not a whole number");
    }
  }
}
