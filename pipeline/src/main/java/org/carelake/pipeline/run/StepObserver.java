package org.carelake.pipeline.run;

import java.time.Instant;

/** Told when each step starts and ends (lineage events are emitted this way, from the declaration and the record). */
public interface StepObserver {
  void started(Step step, Instant at);

  void ended(Step step, StepRecord record);
}
