package org.carelake.pipeline.run;

/** Where a step ended. */
public enum StepStatus { SUCCEEDED, FAILED, SKIPPED }
