package org.carelake.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.split.keys.Tokenizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scanner's row checks on rows made up here (the end-to-end test runs them over Hive): each
 * kind of identifier is reported where the profile forbids it, and not where it is allowed.
 */
class SafeHarborScannerTest {
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  static final DataCatalog CATALOG = DataCatalog.load(
      Path.of(System.getProperty("carelake.home")).resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  static final String PATIENT = "b37f7960-7e9e-f3f7-f891-79ae4f632406";
  static final LocalDateTime BIRTH = LocalDateTime.of(2011, 3, 18, 0, 0);
  static final LocalDateTime VISIT = LocalDateTime.of(2020, 5, 4, 10, 15, 30);

  SourceTruth truth;
  String token;
  int offset;

  @BeforeEach
  void sources() {
    truth = new SourceTruth(KEY);
    token = new Tokenizer(KEY).token("patient", PATIENT);
    truth.patientByToken.put(token, PATIENT);
    truth.directIdentifiers.addAll(Set.of("al7", "temika453", "999-33-2827"));
    truth.quasiIdentifiers.add("walpole");
    truth.patientZips.add("02081");
    truth.timesOfPatient.put(PATIENT, Set.of(BIRTH, VISIT));
    truth.daysOfPatient.put(PATIENT, Set.of(BIRTH.toLocalDate(), VISIT.toLocalDate()));
    offset = truth.offsetDays(PATIENT);
  }

  List<String> scan(Profile profile, SafeHarborScanner.Cell... cells) {
    SafeHarborScanner scanner = new SafeHarborScanner(CATALOG, truth, LocalDate.of(2026, 11, 20));
    List<SafeHarborScanner.Cell> row = new java.util.ArrayList<>(List.of(cells));
    row.add(0, text("patient_token", token));
    scanner.checkRow("snapshot.t", null, profile, row);
    return scanner.findings;
  }

  static SafeHarborScanner.Cell text(String column, String value) {
    return new SafeHarborScanner.Cell(column, Types.VARCHAR, value);
  }

  @Test
  void aShortNameIsFoundAsAWholeValueOnlyAndALongOneInsideText() {
    assertThat(scan(Profile.SAFE_HARBOR, text("a", "Al7"))).containsExactly(
        "snapshot.t.a holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member id) as "
            + "its whole value");
    assertThat(scan(Profile.SAFE_HARBOR, text("a", "Cal77 and Al7x"))).isEmpty();
    assertThat(scan(Profile.SAFE_HARBOR, text("a", "seen by TEMIKA453 today"))).singleElement().asString()
        .contains("inside its value");
  }

  @Test
  void zipsCitiesAndShapesAreFoundInSafeHarborTablesAboutPatients() {
    assertThat(scan(Profile.SAFE_HARBOR, text("area", "02081"), text("zip3", "020"), text("postal_code", "0208"),
        text("town", "Walpole"), text("note", "call 617-555-0100"), text("other", "02081-1234")))
        .containsExactlyInAnyOrder(
            "snapshot.t.area holds a source patient's 5-digit ZIP",
            "snapshot.t.postal_code holds a ZIP that is not three digits",
            "snapshot.t.town holds a patient's city, county, birthplace, FIPS code or name prefix/suffix",
            "snapshot.t.note holds a telephone-shaped value",
            "snapshot.t.other holds a ZIP+4-shaped value",
            "snapshot.t.other holds a source patient's 5-digit ZIP");
    assertThat(scan(Profile.SAFE_HARBOR, text("area", "01999"))).as("not a source ZIP").isEmpty();
  }

  @Test
  void businessReferenceTablesKeepTheirAddresses() {
    truth.rowsByTable.put("organizations", java.util.Map.of("tok-org",
        new SourceTruth.SourceRow("organizations", null, java.util.Map.of())));
    SafeHarborScanner scanner = new SafeHarborScanner(CATALOG, truth, LocalDate.of(2026, 11, 20));
    scanner.checkRow("clinical.organizations", CATALOG.table("organizations"), Profile.SAFE_HARBOR,
        List.of(text("row_id", "tok-org"), text("zip", "02081"), text("city", "Walpole")));
    assertThat(scanner.findings).isEmpty();
    scanner.checkRow("clinical.organizations", CATALOG.table("organizations"), Profile.SAFE_HARBOR,
        List.of(text("row_id", "tok-unknown"), text("zip", "02081")));
    assertThat(scanner.findings).containsExactly(
        "clinical.organizations has a row whose row_id token matches no source row");
  }

  @Test
  void unshiftedDatesOfThePatientAreFoundShiftedOnesPass() {
    assertThat(scan(Profile.SAFE_HARBOR, new SafeHarborScanner.Cell("born", Types.DATE, "2011-03-18")))
        .containsExactly("snapshot.t.born holds an unshifted source date of its patient");
    assertThat(scan(Profile.SAFE_HARBOR, text("note", "2020-05-04 10:15:30")))
        .containsExactly("snapshot.t.note holds an unshifted source date of its patient");
    String shifted = VISIT.plusDays(offset).toString().replace('T', ' ');
    assertThat(scan(Profile.SAFE_HARBOR, new SafeHarborScanner.Cell("seen", Types.TIMESTAMP, shifted))).isEmpty();
    assertThat(scan(Profile.SAFE_HARBOR, new SafeHarborScanner.Cell("seen", Types.TIMESTAMP, "1999-01-01 00:00:00")))
        .containsExactly("snapshot.t.seen is not a shifted source date of its patient");
  }

  @Test
  void aDateThatNoRowIdOrPatientTokenTiesToAPatientIsReported() {
    SafeHarborScanner scanner = new SafeHarborScanner(CATALOG, truth, LocalDate.of(2026, 11, 20));
    scanner.checkRow("snapshot.daily", null, Profile.SAFE_HARBOR,
        List.of(new SafeHarborScanner.Cell("day", Types.DATE, "2011-03-18")));
    assertThat(scanner.findings).containsExactly(
        "snapshot.daily.day holds a date the scanner cannot tie to a patient (no row_id or patient token)");
  }

  @Test
  void theLimitedDataSetIsScannedForDirectIdentifiersOnly() {
    assertThat(scan(Profile.LIMITED_DATA_SET, new SafeHarborScanner.Cell("born", Types.DATE, "2011-03-18"),
        text("area", "02081"), text("town", "Walpole"), text("note", "999-33-2827"), text("given", "Temika453")))
        .containsExactlyInAnyOrder(
            "snapshot.t.note holds an SSN-shaped value",
            "snapshot.t.note holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member id)"
                + " as its whole value",
            "snapshot.t.given holds a source identifier (name, MRN, SSN, licence, passport, address, UDI or member id)"
                + " as its whole value");
  }
}
