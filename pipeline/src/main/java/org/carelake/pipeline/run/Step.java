package org.carelake.pipeline.run;

import java.util.List;
import java.util.Optional;

/**
 * One unit of a run with declared inputs and outputs. The runner records each step's status,
 * timing and counts; the manifest (and lineage) are derived from those records, never written
 * by hand in the steps.
 */
public interface Step {
  /** Short stable name, e.g. "import ehr.patients". */
  String name();

  /** The kind of work, e.g. "sqoop-import", "phi-split", "hive". */
  String kind();

  /** The source table the step is about, if any (reconciliation groups counts by it). */
  default Optional<String> table() {
    return Optional.empty();
  }

  List<Dataset> inputs();

  List<Dataset> outputs();

  StepResult run(RunContext context) throws Exception;
}
