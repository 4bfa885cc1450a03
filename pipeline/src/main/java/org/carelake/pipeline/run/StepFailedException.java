package org.carelake.pipeline.run;

/**
 * A step failed after doing part of its work: carries what it had done (e.g. the Hive statements
 * that ran before the failing one), so the record and the lineage events keep it.
 */
public class StepFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient StepResult partial;

  public StepFailedException(String message, StepResult partial, Throwable cause) {
    super(message, cause);
    this.partial = partial;
  }

  public StepResult partial() {
    return partial;
  }
}
