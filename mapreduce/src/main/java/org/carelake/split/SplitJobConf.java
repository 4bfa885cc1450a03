package org.carelake.split;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * The split job's settings on a Hadoop Configuration, one constant key and a static get/set pair
 * each (as TeraSort does). The token key itself is never a configuration value: only the alias
 * under which the credential provider ({@code hadoop.security.credential.provider.path}) holds it.
 */
public final class SplitJobConf {
  /** The data classification catalog's JSON text (tasks parse it; no file has to reach them). */
  public static final String CATALOG_JSON = "carelake.split.catalog.json";
  /** The catalog table the staging partition holds. */
  public static final String TABLE = "carelake.split.table";
  /** Business date D (ISO yyyy-MM-dd): the 90+ age bucket is computed against it. */
  public static final String BUSINESS_DATE = "carelake.split.business.date";
  /** Alias of the token key in the credential provider. */
  public static final String TOKEN_KEY_ALIAS = "carelake.split.token.key.alias";
  public static final String DEFAULT_TOKEN_KEY_ALIAS = "carelake.token.key";
  /** Largest quarantined/read fraction that still succeeds; 1.0 (the default) never fails on it. */
  public static final String MAX_QUARANTINE_FRACTION = "carelake.split.quarantine.max.fraction";
  /**
   * Optional: the number of rows the import wrote to the partition (Sqoop's record count). When
   * set, the split fails unless it read exactly that many: Avro readers stop silently at a
   * truncated last block, so only the import's own count exposes a damaged file.
   */
  public static final String EXPECTED_ROWS = "carelake.split.expected.rows";
  /**
   * The time zone of the source's wall-clock timestamps (the facility's; default UTC). A sentinel
   * date is also recognised as that day's UTC midnight written in this zone: a 1970-01-01T00:00Z
   * placeholder stored by a New York database reads 1969-12-31 19:00.
   */
  public static final String SOURCE_TIME_ZONE = "carelake.split.source.timezone";
  /** The job's output directory (zones general/, limited/, restricted/, quarantine/ below it). */
  public static final String OUTPUT_DIR = "carelake.split.output.dir";
  /**
   * Optional: the lake's key check file (e.g. LAKE/_keys/key-check.json). When set, the split
   * fails before writing anything if the token key or a master key is not the one the lake was
   * built with, and records them on the lake's first split.
   */
  public static final String KEY_CHECK_FILE = "carelake.split.key.check.file";

  private SplitJobConf() {
  }

  public static void setCatalogJson(Configuration conf, String json) {
    conf.set(CATALOG_JSON, json);
  }

  /** Puts the catalog's JSON text into the configuration. */
  public static void setCatalog(Configuration conf, DataCatalog catalog) {
    setCatalogJson(conf, catalog.text());
  }

  public static String getCatalogJson(Configuration conf) {
    return required(conf, CATALOG_JSON, "the catalog JSON (DataCatalog.text())");
  }

  /** The catalog parsed from {@link #CATALOG_JSON}. */
  public static DataCatalog getCatalog(Configuration conf) {
    return DataCatalog.parse(getCatalogJson(conf), "job configuration " + CATALOG_JSON);
  }

  public static void setTable(Configuration conf, String table) {
    conf.set(TABLE, table);
  }

  public static String getTable(Configuration conf) {
    return required(conf, TABLE, "a catalog table name");
  }

  /** The table's catalog entry; fails naming the table when the catalog does not list it. */
  public static TableSpec getTableSpec(Configuration conf) {
    return getCatalog(conf).table(getTable(conf));
  }

  public static void setBusinessDate(Configuration conf, LocalDate date) {
    conf.set(BUSINESS_DATE, date.toString());
  }

  public static LocalDate getBusinessDate(Configuration conf) {
    String value = required(conf, BUSINESS_DATE, "the business date as yyyy-MM-dd");
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new SplitJobException(e, "%s is '%s', which is not a date; set it to the business date as yyyy-MM-dd",
          BUSINESS_DATE, value);
    }
  }

  public static void setTokenKeyAlias(Configuration conf, String alias) {
    conf.set(TOKEN_KEY_ALIAS, alias);
  }

  public static String getTokenKeyAlias(Configuration conf) {
    return conf.getTrimmed(TOKEN_KEY_ALIAS, DEFAULT_TOKEN_KEY_ALIAS);
  }

  public static void setMaxQuarantineFraction(Configuration conf, double fraction) {
    checkFraction(fraction, Double.toString(fraction));
    conf.setDouble(MAX_QUARANTINE_FRACTION, fraction);
  }

  /**
   * The quarantine threshold of the job's table: {@link #MAX_QUARANTINE_FRACTION} when set, else
   * the table's catalog "max_quarantine_fraction", else 1.0 (never fail).
   */
  public static double getMaxQuarantineFraction(Configuration conf) {
    String raw = conf.getTrimmed(MAX_QUARANTINE_FRACTION);
    if (raw == null || raw.isEmpty()) {
      return conf.getTrimmed(CATALOG_JSON) == null || conf.getTrimmed(TABLE) == null ? 1.0
          : getTableSpec(conf).maxQuarantineFraction().orElse(1.0);
    }
    double fraction;
    try {
      fraction = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      fraction = Double.NaN;
    }
    checkFraction(fraction, raw);
    return fraction;
  }

  public static void setExpectedRows(Configuration conf, long rows) {
    if (rows < 0) {
      throw new SplitJobException("%s must be 0 or more, not %d", EXPECTED_ROWS, rows);
    }
    conf.setLong(EXPECTED_ROWS, rows);
  }

  /** The expected row count, or -1 when not set. */
  public static long getExpectedRows(Configuration conf) {
    String raw = conf.getTrimmed(EXPECTED_ROWS);
    if (raw == null || raw.isEmpty()) {
      return -1;
    }
    try {
      long rows = Long.parseLong(raw);
      if (rows >= 0) {
        return rows;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SplitJobException("%s is '%s'; set it to the import's record count (0 or more) or leave it unset",
        EXPECTED_ROWS, raw);
  }

  public static void setSourceTimeZone(Configuration conf, java.time.ZoneId zone) {
    conf.set(SOURCE_TIME_ZONE, zone.getId());
  }

  public static java.time.ZoneId getSourceTimeZone(Configuration conf) {
    String v = conf.getTrimmed(SOURCE_TIME_ZONE, "UTC");
    try {
      return java.time.ZoneId.of(v);
    } catch (java.time.DateTimeException e) {
      throw new SplitJobException("%s is '%s', which is not a time zone; use a region id such as America/New_York",
          SOURCE_TIME_ZONE, v);
    }
  }

  public static void setKeyCheckFile(Configuration conf, Path file) {
    conf.set(KEY_CHECK_FILE, file.toString());
  }

  /** The key check file, or null when the split should not check keys against a lake. */
  public static Path getKeyCheckFile(Configuration conf) {
    String v = conf.getTrimmed(KEY_CHECK_FILE);
    return v == null || v.isEmpty() ? null : new Path(v);
  }

  public static void setOutputDir(Configuration conf, Path output) {
    conf.set(OUTPUT_DIR, output.toString());
  }

  public static Path getOutputDir(Configuration conf) {
    return new Path(required(conf, OUTPUT_DIR, "the job's output directory"));
  }

  private static void checkFraction(double fraction, String raw) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new SplitJobException("%s is '%s'; use a fraction from 0.0 (no row may be quarantined) to 1.0 (never fail)",
          MAX_QUARANTINE_FRACTION, raw);
    }
  }

  private static String required(Configuration conf, String key, String what) {
    String value = conf.getTrimmed(key);
    if (value == null || value.isEmpty()) {
      throw new SplitJobException("The split job configuration has no %s; set it to %s", key, what);
    }
    return value;
  }
}
