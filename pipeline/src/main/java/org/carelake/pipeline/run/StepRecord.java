package org.carelake.pipeline.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What happened to one step of a run. */
public record StepRecord(String name, String kind, Optional<String> table, List<Dataset> inputs,
    List<Dataset> outputs, StepStatus status, Instant started, Instant ended, Map<String, Long> counts,
    Map<String, String> facts, Optional<String> error, LineageFacets lineage) {

  public StepRecord(String name, String kind, Optional<String> table, List<Dataset> inputs, List<Dataset> outputs,
      StepStatus status, Instant started, Instant ended, Map<String, Long> counts, Map<String, String> facts,
      Optional<String> error) {
    this(name, kind, table, inputs, outputs, status, started, ended, counts, facts, error, LineageFacets.EMPTY);
  }

  public Duration elapsed() {
    return Duration.between(started, ended);
  }

  public long count(String name) {
    Long v = counts.get(name);
    return v == null ? 0 : v;
  }

  public boolean hasCount(String name) {
    return counts.containsKey(name);
  }
}
