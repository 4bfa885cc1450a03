package org.carelake.pipeline.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step reports: named row counts (the manifest reconciles them), facts such as job ids, and
 * lineage facets (schemas, column lineage) for its events.
 */
public final class StepResult {
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final Map<String, String> facts = new LinkedHashMap<>();
  private final LineageFacets.Builder lineage = LineageFacets.builder();

  public StepResult count(String name, long value) {
    counts.put(name, value);
    return this;
  }

  public StepResult fact(String name, String value) {
    facts.put(name, value);
    return this;
  }

  public Map<String, Long> counts() {
    return Collections.unmodifiableMap(counts);
  }

  public Map<String, String> facts() {
    return Collections.unmodifiableMap(facts);
  }

  /** Schemas, row counts and column lineage of the step's datasets, sub-runs (see {@link LineageFacets}). */
  public LineageFacets.Builder lineage() {
    return lineage;
  }

  /** A one-line summary for progress output. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    counts.forEach((k, v) -> {
      if (!k.contains(".")) {
        s.append(s.length() == 0 ? "" : ", ").append(k.replace('_', ' ')).append(' ').append(v);
      }
    });
    return s.toString();
  }
}
