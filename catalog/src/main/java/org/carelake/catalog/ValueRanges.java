package org.carelake.catalog;

import java.util.Map;

/**
 * Physiologically possible values per code, for a table whose rows are measurements (a code
 * column, a value column, a units column): a row whose code is listed must carry a number in
 * [min, max] in the listed units, else it is an impossible vital and goes to quarantine.
 */
public record ValueRanges(String codeColumn, String valueColumn, String unitsColumn, Map<String, Range> ranges) {

  /** The allowed interval and unit of one code. */
  public record Range(String name, double min, double max, String units) {
    public boolean contains(double v) {
      return v >= min && v <= max;
    }
  }

  public ValueRanges {
    ranges = Map.copyOf(ranges);
  }
}
