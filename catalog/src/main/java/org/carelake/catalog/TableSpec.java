package org.carelake.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One source table: where it comes from, how it is imported, and every column's treatment. */
public final class TableSpec {
  /** Restricted-zone column holding the patient token of the row. */
  public static final String PATIENT_TOKEN = "patient_token";
  /** Restricted-zone column holding the token of the row's key. */
  public static final String RECORD_TOKEN = "record_token";
  /** The source column every table has for windowed imports. */
  public static final String LAST_MODIFIED = "last_modified";
  /** The numeric surrogate key every source table has (Sqoop splits on it). */
  public static final String ROW_ID = "row_id";

  private final String name;
  private final String source;
  private final ImportMode importMode;
  private final String description;
  private final String key;
  private final Optional<String> patient;
  private final Map<String, ColumnSpec> columns;
  private final Optional<Double> maxQuarantineFraction;
  private final Optional<ValueRanges> valueRanges;

  TableSpec(String name, String source, ImportMode importMode, String description, String key,
      Optional<String> patient, List<ColumnSpec> columns, Optional<Double> maxQuarantineFraction,
      Optional<ValueRanges> valueRanges) {
    this.name = name;
    this.source = source;
    this.importMode = importMode;
    this.description = description;
    this.key = key;
    this.patient = patient;
    this.maxQuarantineFraction = maxQuarantineFraction;
    this.valueRanges = valueRanges;
    Map<String, ColumnSpec> byName = new LinkedHashMap<>();
    for (ColumnSpec c : columns) {
      CatalogException.check(byName.put(c.name(), c) == null,
          "Table '%s' lists column '%s' twice; keep one entry", name, c.name());
    }
    this.columns = Collections.unmodifiableMap(byName);
    validate();
  }

  private void validate() {
    CatalogException.check(columns.containsKey(key),
        "Table '%s' names key column '%s', which it does not list", name, key);
    patient.ifPresent(p -> CatalogException.check(columns.containsKey(p),
        "Table '%s' names patient column '%s', which it does not list", name, p));
    CatalogException.check(columns.containsKey(LAST_MODIFIED) && columns.get(LAST_MODIFIED).type().isTemporal(),
        "Table '%s' needs a timestamp column '%s' for windowed imports", name, LAST_MODIFIED);
    CatalogException.check(columns.containsKey(ROW_ID) && columns.get(ROW_ID).type().isInteger(),
        "Table '%s' needs an integer column '%s' (Sqoop splits on it)", name, ROW_ID);
    for (ColumnSpec c : columns.values()) {
      String where = c.describe(name);
      switch (c.treatment()) {
        case TOKENIZE:
          CatalogException.check(c.domain().isPresent(),
              "%s needs a \"domain\": columns share tokens only within one domain (e.g. \"patient\")", where);
          break;
        case YEAR_ONLY:
        case DATE_SHIFT:
          CatalogException.check(c.type().isTemporal(), "%s: %s applies to date or timestamp columns only",
              where, c.treatment());
          break;
        case ZIP3:
          CatalogException.check(c.type().isCharacter(), "%s: ZIP3 applies to character columns only", where);
          break;
        case AGE_CAP:
          CatalogException.check(c.type().isInteger(), "%s: AGE_CAP applies to integer columns only", where);
          break;
        default:
          break;
      }
      c.suppressWhen().ifPresent(cond -> {
        ColumnSpec on = columns.get(cond.column());
        CatalogException.check(on != null, "%s is suppressed when column '%s' matches, which table '%s' does not list",
            where, cond.column(), name);
        CatalogException.check(on.treatment() == Treatment.KEEP, "%s is suppressed on column '%s', which must be KEEP "
            + "(the condition reads the value the general zone also shows)", where, cond.column());
        CatalogException.check(c.treatment().writesGeneral(), "%s: suppress_when only applies to columns written to "
            + "the general zone", where);
      });
      checkSafeHarbor(c, where);
      if (!c.rules().sentinelDates().isEmpty()) {
        CatalogException.check(c.type().isTemporal(), "%s lists \"sentinel_dates\" but is not a date or timestamp", where);
      }
      if (c.rules().codeSystem().isPresent()) {
        CatalogException.check(c.type().isCharacter(), "%s has a \"code_system\" but is not a character column", where);
      }
      if (c.treatment() == Treatment.DATE_SHIFT || c.treatment().isIdentifying()) {
        CatalogException.check(patient.isPresent(),
            "%s needs the table to name its \"patient\" column (the offset and the restricted row are per patient)",
            where);
      }
    }
    maxQuarantineFraction.ifPresent(f -> CatalogException.check(f >= 0.0 && f <= 1.0,
        "Table '%s' has \"max_quarantine_fraction\": %s; use a fraction from 0.0 to 1.0", name, f));
    valueRanges.ifPresent(v -> {
      for (String col : List.of(v.codeColumn(), v.valueColumn(), v.unitsColumn())) {
        CatalogException.check(columns.containsKey(col), "Table '%s' has \"value_ranges\" on column '%s', which it "
            + "does not list", name, col);
      }
      v.ranges().forEach((code, r) -> CatalogException.check(r.min() <= r.max(),
          "Table '%s' \"value_ranges\" of code %s: min %s is above max %s", name, code, r.min(), r.max()));
    });
    if (patient.isPresent()) {
      ColumnSpec p = columns.get(patient.get());
      CatalogException.check(p.treatment() == Treatment.TOKENIZE && p.domain().orElse("").equals("patient"),
          "Patient column %s must be TOKENIZE with domain \"patient\"", p.describe(name));
    }
  }

  /**
   * Every column that transforms or withholds a value says which Safe Harbor identifier it holds,
   * and a column that holds one is never copied unchanged to a de-identified zone (except where
   * suppress_when removes the identifying rows).
   */
  private void checkSafeHarbor(ColumnSpec c, String where) {
    Treatment t = c.treatment();
    boolean needsCategory = t != Treatment.KEEP && t != Treatment.DROP;
    CatalogException.check(!needsCategory || c.safeHarbor().isPresent(), "%s needs \"safe_harbor\": the Safe Harbor "
        + "identifier it holds (%s); see docs/SAFE_HARBOR.md", where, t);
    c.safeHarbor().ifPresent(id -> {
      CatalogException.check(t != Treatment.KEEP || c.suppressWhen().isPresent(), "%s holds Safe Harbor identifier %s "
          + "but is KEEP: give it a treatment that removes the identifier, or suppress_when for the rows that hold it",
          where, id);
      if (t == Treatment.YEAR_ONLY || t == Treatment.DATE_SHIFT || t == Treatment.AGE_CAP) {
        CatalogException.check(id == SafeHarborIdentifier.DATES, "%s: %s handles DATES, not %s", where, t, id);
      }
      if (t == Treatment.ZIP3) {
        CatalogException.check(id == SafeHarborIdentifier.GEOGRAPHY, "%s: ZIP3 handles GEOGRAPHY, not %s", where, id);
      }
    });
  }

  public String name() {
    return name;
  }

  /** The table's own quarantine threshold, if the catalog sets one. */
  public Optional<Double> maxQuarantineFraction() {
    return maxQuarantineFraction;
  }

  /** Possible-value ranges per code (vital signs), if the table holds measurements. */
  public Optional<ValueRanges> valueRanges() {
    return valueRanges;
  }

  /** The source database: "ehr" or "billing". */
  public String source() {
    return source;
  }

  public ImportMode importMode() {
    return importMode;
  }

  public String description() {
    return description;
  }

  /** The column that identifies a row (a natural id, or row_id when the source has none). */
  public String key() {
    return key;
  }

  /** The column holding the patient id, if the table is about patients. */
  public Optional<String> patient() {
    return patient;
  }

  public List<ColumnSpec> columns() {
    return List.copyOf(columns.values());
  }

  public List<String> columnNames() {
    return List.copyOf(columns.keySet());
  }

  public Optional<ColumnSpec> column(String columnName) {
    return Optional.ofNullable(columns.get(columnName));
  }

  public ColumnSpec requireColumn(String columnName) {
    ColumnSpec c = columns.get(columnName);
    if (c == null) {
      throw new CatalogException("Column '%s.%s' is not in the data classification catalog; "
          + "add it to catalog/data-classification.json with a treatment before importing it", name, columnName);
    }
    return c;
  }

  /** True when the table holds identifiers and therefore writes restricted-zone rows. */
  public boolean hasRestrictedZone() {
    return columns.values().stream().anyMatch(c -> c.treatment().isIdentifying());
  }

  /** The columns of a Safe Harbor zone (the general zone), in catalog order. */
  public List<ZoneColumn> generalColumns() {
    return generalColumns(Profile.SAFE_HARBOR);
  }

  /** The columns of a de-identified zone of {@code profile}, in catalog order. */
  public List<ZoneColumn> generalColumns(Profile profile) {
    List<ZoneColumn> out = new ArrayList<>();
    for (ColumnSpec c : columns.values()) {
      c.generalName(profile).ifPresent(n -> out.add(new ZoneColumn(n, c.generalHiveType(profile), c)));
    }
    return out;
  }

  /**
   * The restricted-zone columns: patient_token, record_token, then the original values of the
   * columns kept there. Empty when the table holds no identifiers.
   */
  public List<ZoneColumn> restrictedColumns() {
    if (!hasRestrictedZone()) {
      return List.of();
    }
    List<ZoneColumn> out = new ArrayList<>();
    out.add(new ZoneColumn(PATIENT_TOKEN, "STRING", null));
    out.add(new ZoneColumn(RECORD_TOKEN, "STRING", null));
    for (ColumnSpec c : columns.values()) {
      if (c.keptInRestricted()) {
        out.add(new ZoneColumn(c.name(), c.type().hiveType(), c));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return source + "." + name;
  }
}
