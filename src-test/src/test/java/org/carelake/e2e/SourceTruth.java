package org.carelake.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.LogicalType;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.split.keys.DateShift;
import org.carelake.split.keys.Tokenizer;
import org.carelake.split.treatments.Temporals;

/**
 * What the source databases hold that must not reach a de-identified table, read with the lake's
 * token key so that a Hive row can be traced back to its source row (row_id token) or patient
 * (patient token): identifiers, the patients' ZIP codes, and every date of every patient.
 */
final class SourceTruth {
  /**
   * Geography and name parts that identify only next to a patient's record (a business's city is
   * kept in the reference tables): matched as whole values, in tables about patients.
   */
  static final Set<String> QUASI_COLUMNS = Set.of("city", "county", "birthplace", "prefix", "suffix", "fips");

  /** One source row: its table, its patient id (null for reference tables) and its dates by column. */
  record SourceRow(String table, String patient, Map<String, LocalDateTime> dates) {
  }

  private final Tokenizer tokenizer;
  private final DateShift dateShift;
  /** Direct identifiers (names, SSNs, MRNs, licence and passport numbers, addresses, UDIs, member ids), lower case. */
  final Set<String> directIdentifiers = new HashSet<>();
  /** Values of {@link #QUASI_COLUMNS}, lower case. */
  final Set<String> quasiIdentifiers = new HashSet<>();
  /** The patients' ZIP codes, first five digits. */
  final Set<String> patientZips = new HashSet<>();
  /** row_id token (any table: the token domain is per table) to its source row. */
  final Map<String, SourceRow> rowsByToken = new HashMap<>();
  /** Per table: row_id token to source row. */
  final Map<String, Map<String, SourceRow>> rowsByTable = new HashMap<>();
  /** patient token to source patient id. */
  final Map<String, String> patientByToken = new HashMap<>();
  /** source patient id to every date and time of the patient's rows (import bookkeeping excluded). */
  final Map<String, Set<LocalDateTime>> timesOfPatient = new HashMap<>();
  /** The same, as days (a DATE column or a date written as text matches on the day). */
  final Map<String, Set<LocalDate>> daysOfPatient = new HashMap<>();

  SourceTruth(byte[] tokenKey) {
    this.tokenizer = new Tokenizer(tokenKey);
    this.dateShift = new DateShift(new Tokenizer(tokenKey));
  }

  int offsetDays(String patient) {
    return dateShift.offsetDays(patient);
  }

  Optional<String> patientOfToken(String token) {
    return Optional.ofNullable(token).map(patientByToken::get);
  }

  /** Reads every catalog table of {@code sourceName} from {@code source}. */
  void load(DataCatalog catalog, Connection source, String sourceName) throws SQLException {
    for (TableSpec t : catalog.tablesOf(sourceName)) {
      Map<String, SourceRow> rows = rowsByTable.computeIfAbsent(t.name(), k -> new HashMap<>());
      try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + t.name())) {
        while (rs.next()) {
          String patient = t.patient().isPresent() ? rs.getString(t.patient().get()) : null;
          Map<String, LocalDateTime> dates = new HashMap<>();
          for (ColumnSpec c : t.columns()) {
            String v = rs.getString(c.name());
            if (v != null) {
              remember(t, c, v, patient, dates);
            }
          }
          SourceRow row = new SourceRow(t.name(), patient, dates);
          String token = tokenizer.token("row." + t.name(), rs.getString(TableSpec.ROW_ID));
          rows.put(token, row);
          rowsByToken.put(token, row);
          if (patient != null) {
            patientByToken.put(tokenizer.token("patient", patient), patient);
          }
        }
      }
    }
  }

  private void remember(TableSpec t, ColumnSpec c, String v, String patient, Map<String, LocalDateTime> dates) {
    if (c.type().isTemporal()) {
      LocalDateTime time = Temporals.parseTimestamp(v);
      dates.put(c.name(), time);
      // last_modified (DROP) is the import's bookkeeping, the partition's business date, not the patient's
      if (patient != null && time != null && c.treatment() != Treatment.DROP) {
        timesOfPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(time);
        daysOfPatient.computeIfAbsent(patient, k -> new HashSet<>()).add(time.toLocalDate());
      }
      return;
    }
    if (t.name().equals("patients") && c.name().equals("zip") && v.length() >= 5) {
      patientZips.add(v.substring(0, 5));
    }
    if (!identifying(c)) {
      return;
    }
    String lower = v.strip().toLowerCase(Locale.ROOT);
    if (QUASI_COLUMNS.contains(c.name())) {
      quasiIdentifiers.add(lower);
    } else if (c.type().kind() != LogicalType.Kind.DOUBLE) { // lat/lon: numbers, not matchable text
      directIdentifiers.add(lower);
    }
  }

  /**
   * An identifier kept only in the restricted zone, or a person's identifier behind a token. Free
   * text (claims notes: procedure descriptions in Synthea) is restricted-only but no identifier list.
   */
  private static boolean identifying(ColumnSpec c) {
    return c.safeHarbor().isPresent() && c.type().kind() != LogicalType.Kind.TEXT
        && (c.treatment() == Treatment.RESTRICTED_ONLY || c.treatment() == Treatment.TOKENIZE && c.keptInRestricted());
  }

  /** True when {@code time} is one of the patient's source times, or (date only) on one of their source days. */
  boolean isSourceTimeOf(String patient, LocalDateTime time, boolean dateOnly) {
    return dateOnly ? daysOfPatient.getOrDefault(patient, Set.of()).contains(time.toLocalDate())
        : timesOfPatient.getOrDefault(patient, Set.of()).contains(time);
  }
}
