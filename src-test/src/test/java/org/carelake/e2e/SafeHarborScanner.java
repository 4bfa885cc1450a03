package org.carelake.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.hive.hql.HqlFiles;
import org.carelake.split.treatments.SafeHarbor;
import org.carelake.split.treatments.Temporals;

/**
 * Reads every column of every row of Hive tables over JDBC and reports what looks like an
 * identifier of the sources ({@link SourceTruth}). Tables are found with SHOW TABLES, so a table
 * or view someone adds to a scanned database is scanned too.
 *
 * <p>Everywhere (both profiles): SSN, telephone and e-mail shapes, and any direct identifier of the
 * sources (name, MRN, SSN, licence, passport, street address, UDI, member id) as a whole value, or
 * inside a value when it is long enough to be distinctive. Safe-harbor tables also: ZIP+4 shapes; in
 * tables about patients (all but the business reference tables) a column named like zip/postal that
 * is not three digits, a source patient's 5-digit ZIP in any value, a patient's city, county,
 * birthplace, FIPS code or name prefix/suffix as a whole value; and dates: every date-shifted catalog
 * column must be its source date moved by the patient's offset, every year-only column the Safe
 * Harbor year, and any other date (a DATE/TIMESTAMP column, or text that is a full date) of a row
 * traced to a patient (row_id or patient token) must not be one of the patient's source dates left
 * unshifted; a DATE/TIMESTAMP must be a shifted source date of its patient.
 */
final class SafeHarborScanner {
  private static final Pattern SSN = Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b");
  private static final Pattern PHONE = Pattern.compile("\\(?\\b\\d{3}\\)?[-. ]\\d{3}[-. ]\\d{4}\\b");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");
  private static final Pattern ZIP_PLUS_4 = Pattern.compile("\\b\\d{5}-\\d{4}\\b");
  private static final Pattern ZIP5 = Pattern.compile("\\d{5}(-?\\d{4})?");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9.]+");
  /** Shorter identifiers are matched only as whole values (inside a value they would match by chance). */
  static final int CONTAINED_MIN_LENGTH = 6;
  /** Columns that name the patient of a row, in the order they are tried. */
  private static final List<String> PATIENT_COLUMNS = List.of(TableSpec.PATIENT_TOKEN, "patient", "patientid");

  /** One value of a row: column name (lower case), java.sql.Types type, value as text. */
  record Cell(String column, int type, String value) {
  }

  private final DataCatalog catalog;
  private final SourceTruth truth;
  private final LocalDate businessDate;
  /** The direct identifiers long and distinctive enough to look for inside values. */
  private final List<String> containable;
  final List<String> findings = new ArrayList<>();
  final List<String> tablesScanned = new ArrayList<>();
  long valuesScanned;
  long datesChecked;

  SafeHarborScanner(DataCatalog catalog, SourceTruth truth, LocalDate businessDate) {
    this.catalog = catalog;
    this.truth = truth;
    this.businessDate = businessDate;
    this.containable = truth.directIdentifiers.stream()
        .filter(id -> id.length() >= CONTAINED_MIN_LENGTH && !NUMBER.matcher(id).matches()).toList();
  }

  /** The tables and views of {@code database} as the metastore lists them. */
  static List<String> tablesOf(Connection hive, String database) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement st = hive.createStatement(); ResultSet rs = st.executeQuery("SHOW TABLES IN " + database)) {
      while (rs.next()) {
        out.add(rs.getString(1).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** Scans every table of {@code database}, written in {@code profile}. */
  void scanDatabase(Connection hive, String database, Profile profile) throws SQLException {
    for (String table : tablesOf(hive, database)) {
      scanTable(hive, database, table, profile);
    }
  }

  void scanTable(Connection hive, String database, String table, Profile profile) throws SQLException {
    String qualified = database + "." + table;
    tablesScanned.add(qualified);
    // clinical and clinical_limited hold the catalog's tables under their own names
    boolean zoneTable = (database.equals(HqlFiles.CLINICAL_DB) || database.equals(HqlFiles.LIMITED_DB))
        && catalog.hasTable(table);
    TableSpec spec = zoneTable ? catalog.table(table) : null;
    try (Statement st = hive.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + qualified)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<Cell> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String name = md.getColumnName(i).toLowerCase(Locale.ROOT).replaceFirst("^.*\\.", "");
          row.add(new Cell(name, md.getColumnType(i), rs.getString(i)));
        }
        checkRow(qualified, spec, profile, row);
      }
    }
  }

  /** Checks one row of {@code table}; {@code spec} is its catalog table, null for any other table. */
  void checkRow(String table, TableSpec spec, Profile profile, List<Cell> row) {
    boolean safeHarbor = !profile.keepsDates();
    // organizations, providers and payers describe businesses: their addresses are kept on purpose
    boolean aboutPatients = spec == null || spec.patient().isPresent();
    Map<String, String> values = new LinkedHashMap<>();
    row.forEach(c -> values.put(c.column(), c.value()));
    for (Cell c : row) {
      if (c.value() == null) {
        continue;
      }
      valuesScanned++;
      String where = table + "." + c.column();
      if (isText(c.type())) {
        directIdentifiers(where, c.value());
      }
      if (safeHarbor) {
        geography(where, c, aboutPatients);
      }
    }
    if (!safeHarbor) {
      return;
    }
    SourceTruth.SourceRow source = null;
    Set<String> checkedAsCatalogDates = Set.of();
    if (spec != null) {
      source = truth.rowsByTable.getOrDefault(spec.name(), Map.of()).get(values.get(TableSpec.ROW_ID));
      if (source == null) {
        findings.add(table + " has a row whose row_id token matches no source row");
        return;
      }
      checkedAsCatalogDates = catalogDates(table, spec, source, values);
    }
    String patient = patientOf(source, values);
    for (Cell c : row) {
      if (c.value() != null && !checkedAsCatalogDates.contains(c.column())) {
        otherDate(table + "." + c.column(), c, patient);
      }
    }
  }

  private static boolean isText(int type) {
    return switch (type) {
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
          Types.CLOB, Types.ARRAY, Types.STRUCT, Types.JAVA_OBJECT, Types.OTHER -> true;
      default -> false;
    };
  }

  private static boolean isTemporal(int type) {
    return type == Types.DATE || type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE;
  }

  /** Not allowed in either profile (a limited data set excludes them too). */
  private void directIdentifiers(String where, String v) {
    if (SSN.matcher(v).find()) {
      findings.add(where + " holds an SSN-shaped value");
    }
    if (PHONE.matcher(v).find()) {
      findings.add(where + " holds a telephone-shaped value");
    }
    if (EMAIL.matcher(v).find()) {
      findings.add(where + " holds an e-mail-shaped value");
    }
    String lower = v.strip().toLowerCase(Locale.ROOT);
    if (truth.directIdentifiers.contains(lower)) {
      findings.add(where + " holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member id)"
          + " as its whole value");
      return;
    }
    for (String id : containable) {
      if (lower.contains(id)) {
        findings.add(where + " holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member "
            + "id) inside its value");
        return;
      }
    }
  }

  /** Safe Harbor paragraph (B): nothing smaller than a state, ZIP3 at most. */
  private void geography(String where, Cell c, boolean aboutPatients) {
    String v = c.value().strip();
    if (isText(c.type()) && ZIP_PLUS_4.matcher(v).find()) {
      findings.add(where + " holds a ZIP+4-shaped value");
    }
    if (!aboutPatients) {
      return;
    }
    if ((c.column().contains("zip") || c.column().contains("postal")) && !v.matches("\\d{3}")) {
      findings.add(where + " holds a ZIP that is not three digits");
    }
    if (isText(c.type()) && ZIP5.matcher(v).matches() && truth.patientZips.contains(v.substring(0, 5))) {
      findings.add(where + " holds a source patient's 5-digit ZIP");
    }
    if (isText(c.type()) && truth.quasiIdentifiers.contains(v.toLowerCase(Locale.ROOT))) {
      findings.add(where + " holds a patient's city, county, birthplace, FIPS code or name prefix/suffix");
    }
  }

  /**
   * The catalog's date columns of a zone table: each date-shifted one is its source date moved by the
   * patient's (non-zero) offset, each year-only one the Safe Harbor year. Returns the columns checked.
   */
  private Set<String> catalogDates(String table, TableSpec spec, SourceTruth.SourceRow source,
      Map<String, String> values) {
    Set<String> checked = new HashSet<>();
    for (ColumnSpec c : spec.columns()) {
      LocalDateTime original = source.dates().get(c.name());
      if (c.treatment() == Treatment.DATE_SHIFT) {
        checked.add(c.name());
        String shown = values.get(c.name());
        if (shown == null) {
          continue;
        }
        datesChecked++;
        LocalDateTime value = Temporals.parseTimestamp(shown);
        if (value.equals(original)) {
          findings.add(table + "." + c.name() + " holds an unshifted source date");
        } else if (original != null
            && !value.equals(original.plusDays(truth.offsetDays(source.patient())))) {
          findings.add(table + "." + c.name() + " is not its source date shifted by the patient's offset");
        }
      } else if (c.treatment() == Treatment.YEAR_ONLY && original != null) {
        checked.add(c.name() + "_year");
        datesChecked++;
        int expected = SafeHarbor.yearOnly(original.toLocalDate(), businessDate);
        if (!String.valueOf(expected).equals(values.get(c.name() + "_year"))) {
          findings.add(table + "." + c.name() + "_year is not the Safe Harbor year of its source date");
        }
      }
    }
    return checked;
  }

  /** The source patient of a row: through its row_id token, else a patient token column. */
  private String patientOf(SourceTruth.SourceRow source, Map<String, String> values) {
    if (source == null) {
      source = truth.rowsByToken.get(values.get(TableSpec.ROW_ID));
    }
    if (source != null && source.patient() != null) {
      return source.patient();
    }
    for (String column : PATIENT_COLUMNS) {
      String patient = truth.patientOfToken(values.get(column)).orElse(null);
      if (patient != null) {
        return patient;
      }
    }
    return null;
  }

  /**
   * A date outside the catalog's date columns (a snapshot column, a derived or planted one): not
   * one of the patient's source dates as it is; a DATE/TIMESTAMP column must be a shifted one.
   * A date the row does not tie to a patient cannot be checked, and is reported.
   */
  private void otherDate(String where, Cell c, String patient) {
    boolean typed = isTemporal(c.type());
    if (!typed && !isText(c.type())) {
      return;
    }
    LocalDateTime value = Temporals.parseTimestamp(c.value());
    if (value == null) {
      return;
    }
    if (patient == null) {
      if (typed) {
        findings.add(where + " holds a date the scanner cannot tie to a patient (no row_id or patient token)");
      }
      return;
    }
    datesChecked++;
    boolean dateOnly = c.type() == Types.DATE || !typed && c.value().strip().length() == "yyyy-MM-dd".length();
    boolean shifted = truth.isSourceTimeOf(patient, value.minusDays(truth.offsetDays(patient)), dateOnly);
    if (!shifted && truth.isSourceTimeOf(patient, value, dateOnly)) {
      findings.add(where + " holds an unshifted source date of its patient");
    } else if (!shifted && typed) {
      findings.add(where + " is not a shifted source date of its patient");
    }
  }
}
