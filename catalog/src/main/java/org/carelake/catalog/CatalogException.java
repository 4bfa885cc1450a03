package org.carelake.catalog;

/**
 * The catalog, or data checked against it, is wrong. The message names the bad table, column or
 * value and says what to change, in the style of Iceberg's ValidationException.
 */
public class CatalogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CatalogException(String message, Object... args) {
    super(String.format(message, args));
  }

  public CatalogException(Throwable cause, String message, Object... args) {
    super(String.format(message, args), cause);
  }

  /** Throws a CatalogException with the formatted message when {@code test} is false. */
  public static void check(boolean test, String message, Object... args) {
    if (!test) {
      throw new CatalogException(message, args);
    }
  }
}
