package org.carelake.sources;

/**
 * A source load failed. The message names the file and line, the column, the expected type and
 * the fix; it never quotes a value of a column that is not KEEP (those may be PHI).
 */
public class LoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LoadException(String message) {
    super(message);
  }
}
