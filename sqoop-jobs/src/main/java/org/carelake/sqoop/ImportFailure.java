package org.carelake.sqoop;

/**
 * An import that must not be trusted. The message is one line naming the table, the reason
 * and what to check; it never holds row values, and ImportTable prints it after "IMPORT FAILED: ".
 */
public class ImportFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ImportFailure(String message) {
    super(oneLine(message));
  }

  public ImportFailure(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String message) {
    return message == null ? "(no message)" : message.replaceAll("[\\r\\n]+", " ").trim();
  }
}
