package org.carelake.sources;

import java.nio.file.Path;

/** Where the source databases live when nobody names a server: one embedded H2 file per source. */
public final class SourceDatabases {
  private SourceDatabases() {
  }

  /**
   * The JDBC URL of the embedded H2 database of one source ("ehr", "billing") in {@code dir}.
   * NON_KEYWORDS: H2 2.x reserves VALUE (observations.value), KEY, YEAR, MONTH and DAY, and the
   * unquoted names Sqoop generates must still resolve. AUTO_SERVER: the first process to open the
   * file serves it over TCP, so a Sqoop child JVM can read while the loader (or a shell) holds it.
   */
  public static String embeddedH2Url(Path dir, String source) {
    if (dir == null) {
      throw new IllegalArgumentException("No directory given for the embedded H2 database of source '"
          + source + "'; pass the folder that should hold <source>.mv.db");
    }
    if (source == null || !source.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("Source name '" + source + "' cannot name an H2 file; use the "
          + "catalog's lower-case source names (e.g. \"ehr\", \"billing\")");
    }
    return "jdbc:h2:file:" + dir.toAbsolutePath().normalize().resolve(source)
        + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;AUTO_SERVER=TRUE";
  }
}
