package org.carelake.hive.server;

import java.util.Locale;

/**
 * HiveServer2 could not start. The message names the resource at fault (a port, a metastore
 * directory, a settings file) and what to do about it.
 */
public class HiveServerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HiveServerStartException(String format, Object... args) {
    super(String.format(Locale.ROOT, format, args));
  }

  public HiveServerStartException(Throwable cause, String format, Object... args) {
    super(String.format(Locale.ROOT, format, args), cause);
  }
}
