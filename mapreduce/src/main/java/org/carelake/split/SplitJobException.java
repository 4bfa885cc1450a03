package org.carelake.split;

/**
 * The split job cannot run or did not reconcile. The message names the table and the bad input
 * (never a PHI value) and says what to do about it.
 */
public class SplitJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SplitJobException(String message, Object... args) {
    super(String.format(message, args));
  }

  public SplitJobException(Throwable cause, String message, Object... args) {
    super(String.format(message, args), cause);
  }
}
