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
import java.util.HashMap;
import java.util.HashSet;
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
import org.carelake.split.keys.DateShift;
import org.carelake.split.keys.Tokenizer;
import org.carelake.split.treatments.SafeHarbor;
import org.carelake.split.treatments.Temporals;

/**
 * Reads every column of every row of de-identified Hive tables over JDBC and reports anything that
 * looks like an identifier: SSN, telephone, e-mail and ZIP+4 shapes; a ZIP column that is not
 * three digits; any source identifier (names, MRNs, SSNs, licence and passport numbers, street
 * addresses, UDIs, member ids: exact values read from the source databases) inside a value; a
 * patient's 5-digit ZIP or city in a table about patients; and, where the profile forbids full
 * dates, any date or timestamp that is the source's own (record by record: the row's source is
 * found through its row_id token, computed with the lake's token key).
 */
final class SafeHarborScanner {
  private static final Pattern SSN = Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b");
  private static final Pattern PHONE = Pattern.compile("\\(?\\b\\d{3}\\)?[-. ]\\d{3}[-. ]\\d{4}\\b");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.]+");
  private static final Pattern ZIP_PLUS_4 = Pattern.compile("\\b\\d{5}-\\d{4}\\b");

  /** One source row: its patient id and its date/timestamp values by column. */
  record SourceRow(String patient, Map<String, Object> dates) {
  }

  private final DataCatalog catalog;
  private final Tokenizer tokenizer;
  private final DateShift dateShift;
  private final LocalDate businessDate;
  /** Identifiers matched inside values (long, distinctive) and identifiers matched as whole values. */
  final Set<String> containedIdentifiers = new HashSet<>();
  final Set<String> wholeIdentifiers = new HashSet<>();
  final Set<String> patientZips = new HashSet<>();
  /** Per table: row_id token -> source row. */
  final Map<String, Map<String, SourceRow>> sources = new HashMap<>();
  /** patient token -> source patient id. */
  final Map<String, String> patientByToken = new HashMap<>();
  /** source patient id -> every source observation time of the patient. */
  final Map<String, Set<LocalDateTime>> observationTimes = new HashMap<>();
  final List<String> findings = new ArrayList<>();
  long valuesScanned;
  long datesChecked;

  SafeHarborScanner(DataCatalog catalog, byte[] tokenKey, LocalDate businessDate) {
    this.catalog = catalog;
    this.tokenizer = new Tokenizer(tokenKey);
    this.dateShift = new DateShift(new Tokenizer(tokenKey));
    this.businessDate = businessDate;
  }

  /** Reads the truth from a source database: identifiers, ZIPs, and every row's dates by row_id token. */
  void loadSource(Connection source, String sourceName) throws SQLException {
    for (TableSpec t : catalog.tablesOf(sourceName)) {
      Map<String, SourceRow> rows = new HashMap<>();
      try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + t.name())) {
        while (rs.next()) {
          String patient = t.patient().map(p -> string(rs, p)).orElse(null);
          Map<String, Object> dates = new HashMap<>();
          for (ColumnSpec c : t.columns()) {
            String v = string(rs, c.name());
            if (v == null) {
              continue;
            }
            if (c.type().isTemporal()) {
              dates.put(c.name(), Temporals.parseTimestamp(v));
            }
            // free text (claims notes: procedure descriptions in Synthea) is restricted-only, not an identifier list
            if (c.safeHarbor().isPresent() && c.type().kind() != org.carelake.catalog.LogicalType.Kind.TEXT
                && (c.treatment() == Treatment.RESTRICTED_ONLY
                || c.treatment() == Treatment.TOKENIZE && c.keptInRestricted())) {
              if (Set.of("city", "county", "birthplace", "prefix", "suffix", "fips").contains(c.name())) {
                wholeIdentifiers.add(v);
              } else if (v.length() >= 6 && !c.type().isTemporal() && !v.matches("-?[0-9.]+")) {
                containedIdentifiers.add(v);
              }
            }
            if (t.name().equals("patients") && c.name().equals("zip")) {
              patientZips.add(v);
            }
          }
          rows.put(tokenizer.token("row." + t.name(), string(rs, TableSpec.ROW_ID)), new SourceRow(patient, dates));
          if (patient != null) {
            patientByToken.put(tokenizer.token("patient", patient), patient);
          }
          if (t.name().equals("observations")) {
            observationTimes.computeIfAbsent(patient, k -> new HashSet<>()).add((LocalDateTime) dates.get("date"));
          }
        }
      }
      sources.put(t.name(), rows);
    }
  }

  private static String string(ResultSet rs, String column) {
    try {
      return rs.getString(column);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Scans {@code hiveTable} (a de-identified table of source table {@code table}, or the snapshot
   * when {@code table} is null) written in {@code profile}.
   */
  void scan(Connection hive, String hiveTable, String table, Profile profile) throws SQLException {
    TableSpec spec = table == null ? null : catalog.table(table);
    boolean aboutPatients = spec == null || spec.patient().isPresent();
    try (Statement st = hive.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + hiveTable)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String name = md.getColumnName(i).toLowerCase(Locale.ROOT).replaceFirst("^.*\\.", "");
          String v = rs.getString(i);
          row.put(name, v);
          if (v == null) {
            continue;
          }
          valuesScanned++;
          String where = hiveTable + "." + name;
          if (md.getColumnType(i) == Types.VARCHAR || md.getColumnType(i) == Types.CHAR) {
            scanText(where, name, v, aboutPatients);
          }
        }
        if (!profile.keepsDates()) {
          if (spec != null) {
            checkDates(hiveTable, spec, row);
          } else {
            checkSnapshotTimes(hiveTable, row, md);
          }
        }
      }
    }
  }

  private void scanText(String where, String column, String v, boolean aboutPatients) {
    if (SSN.matcher(v).find()) {
      findings.add(where + " holds an SSN-shaped value");
    }
    if (PHONE.matcher(v).find()) {
      findings.add(where + " holds a telephone-shaped value");
    }
    if (EMAIL.matcher(v).find()) {
      findings.add(where + " holds an e-mail-shaped value");
    }
    if (ZIP_PLUS_4.matcher(v).find()) {
      findings.add(where + " holds a ZIP+4-shaped value");
    }
    if (aboutPatients && column.contains("zip") && !v.matches("\\d{3}")) {
      findings.add(where + " holds a ZIP that is not three digits");
    }
    if (aboutPatients && (patientZips.contains(v) || wholeIdentifiers.contains(v))) {
      findings.add(where + " holds a patient's ZIP, city, county or name part");
    }
    for (String id : containedIdentifiers) {
      if (v.contains(id)) {
        findings.add(where + " holds a source identifier");
        break;
      }
    }
  }

  /** Safe Harbor: every shifted date is its source date moved by the patient's (non-zero) offset; years bucketed. */
  private void checkDates(String hiveTable, TableSpec spec, Map<String, String> row) {
    SourceRow source = sources.getOrDefault(spec.name(), Map.of()).get(row.get(TableSpec.ROW_ID));
    if (source == null) {
      findings.add(hiveTable + " has a row whose row_id token matches no source row");
      return;
    }
    for (ColumnSpec c : spec.columns()) {
      Object original = source.dates().get(c.name());
      if (c.treatment() == Treatment.DATE_SHIFT) {
        String shown = row.get(c.name());
        if (shown == null) {
          continue;
        }
        datesChecked++;
        LocalDateTime value = Temporals.parseTimestamp(shown);
        if (value.equals(original)) {
          findings.add(hiveTable + "." + c.name() + " holds an unshifted source date");
        } else if (original != null
            && !value.equals(((LocalDateTime) original).plusDays(dateShift.offsetDays(source.patient())))) {
          findings.add(hiveTable + "." + c.name() + " is not its source date shifted by the patient's offset");
        }
      } else if (c.treatment() == Treatment.YEAR_ONLY && original != null) {
        datesChecked++;
        int expected = SafeHarbor.yearOnly(((LocalDateTime) original).toLocalDate(), businessDate);
        if (!String.valueOf(expected).equals(row.get(c.name() + "_year"))) {
          findings.add(hiveTable + "." + c.name() + "_year is not the Safe Harbor year of its source date");
        }
      }
    }
  }

  /** The snapshot's times come from shifted observations: none may be an unshifted source time of its patient. */
  private void checkSnapshotTimes(String hiveTable, Map<String, String> row, ResultSetMetaData md) throws SQLException {
    String patient = patientByToken.get(row.get("patient_token"));
    if (patient == null) {
      findings.add(hiveTable + " has a patient token that matches no source patient");
      return;
    }
    Set<LocalDateTime> times = observationTimes.getOrDefault(patient, Set.of());
    int offset = dateShift.offsetDays(patient);
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (md.getColumnType(i) != Types.TIMESTAMP) {
        continue;
      }
      String name = md.getColumnName(i).toLowerCase(Locale.ROOT).replaceFirst("^.*\\.", "");
      String shown = row.get(name);
      if (shown == null) {
        continue;
      }
      datesChecked++;
      LocalDateTime v = Temporals.parseTimestamp(shown);
      if (!times.contains(v.minusDays(offset))) {
        findings.add(hiveTable + "." + name + " is not a shifted observation time of its patient");
      }
    }
  }
}
