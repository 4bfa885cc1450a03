package org.carelake.hive.ranger;

/**
 * A policy file or directory that cannot be used. The message names the file (and the policy and
 * value at fault) and what to do; the authorizer then denies everything rather than guess.
 */
public final class PolicyFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PolicyFileException(String message) {
    super(message);
  }

  public PolicyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
