package org.carelake.hive.hql;

import java.util.Locale;

/** An HQL script cannot be read, split or bound to its variables; the message names file:line. */
public class HqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HqlException(String format, Object... args) {
    super(String.format(Locale.ROOT, format, args));
  }

  public HqlException(Throwable cause, String format, Object... args) {
    super(String.format(Locale.ROOT, format, args), cause);
  }
}
