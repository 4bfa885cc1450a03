package org.carelake.pipeline.config;

/** A setting or argument is wrong; the message names it and says what to use instead. */
public class PipelineConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PipelineConfigException(String message, Object... args) {
    super(String.format(message, args));
  }
}
