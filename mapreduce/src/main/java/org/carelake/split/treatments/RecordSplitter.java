package org.carelake.split.treatments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.carelake.catalog.ColumnRules;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.catalog.ValueRanges;
import org.carelake.catalog.ZoneColumn;
import org.carelake.split.SplitJobException;
import org.carelake.split.keys.DateShift;
import org.carelake.split.keys.Tokenizer;

/**
 * Applies a table's catalog treatments to one staging record: parses every column as its
 * catalog type, applies the catalog's value rules (required, sentinel dates, code systems,
 * possible vital ranges), and builds the general row (de-identified, tokens) in the general
 * target's profile, the limited-data-set row when there is such a target, and the restricted
 * row (patient token, record token, original values). Any problem sends the whole record to
 * quarantine instead. Not thread-safe (one per task).
 */
public final class RecordSplitter {
  /** Domain of the record token when a table's key column is kept as it is. */
  public static final String RECORD_DOMAIN_PREFIX = "record.";

  private final TableSpec table;
  private final Set<String> restrictedZip3;
  private final LocalDate businessDate;
  private final Tokenizer tokenizer;
  private final DateShift dateShift;
  private final ColumnSpec[] columns;
  private final boolean[] required;
  private final int patientIndex;
  private final int keyIndex;
  private final ZoneBuilder general;
  private final ZoneBuilder limited;
  private final List<ZoneColumn> restrictedColumns;
  private final int[] restrictedSource;
  private final VitalCheck vitals;
  private final java.time.ZoneId sourceZone;
  private final Map<Schema, int[]> fieldPositions = new IdentityHashMap<>();

  /** A Safe Harbor general zone and no limited data set. */
  public RecordSplitter(TableSpec table, Set<String> restrictedZip3, LocalDate businessDate, Tokenizer tokenizer) {
    this(table, restrictedZip3, businessDate, tokenizer, Profile.SAFE_HARBOR, Optional.empty());
  }

  public RecordSplitter(TableSpec table, Set<String> restrictedZip3, LocalDate businessDate, Tokenizer tokenizer,
      Profile generalProfile, Optional<Profile> limitedProfile) {
    this(table, restrictedZip3, businessDate, tokenizer, generalProfile, limitedProfile, java.time.ZoneOffset.UTC);
  }

  /** @param sourceZone the zone of the source's wall-clock timestamps (sentinels are UTC midnights written in it) */
  public RecordSplitter(TableSpec table, Set<String> restrictedZip3, LocalDate businessDate, Tokenizer tokenizer,
      Profile generalProfile, Optional<Profile> limitedProfile, java.time.ZoneId sourceZone) {
    this.sourceZone = sourceZone;
    this.table = table;
    this.restrictedZip3 = restrictedZip3;
    this.businessDate = businessDate;
    this.tokenizer = tokenizer;
    this.dateShift = new DateShift(tokenizer);
    List<ColumnSpec> specs = table.columns();
    this.columns = specs.toArray(new ColumnSpec[0]);
    this.patientIndex = table.patient().map(p -> indexOf(specs, p)).orElse(-1);
    this.keyIndex = indexOf(specs, table.key());
    this.required = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      // the key and the patient id are needed for the record token, the patient token and the date shift
      required[i] = columns[i].required() || i == keyIndex || i == patientIndex;
    }
    this.general = new ZoneBuilder(generalProfile, table.generalColumns(generalProfile), specs);
    this.limited = limitedProfile.map(p -> new ZoneBuilder(p, table.generalColumns(p), specs)).orElse(null);
    this.restrictedColumns = table.restrictedColumns();
    this.restrictedSource = restrictedColumns.stream()
        .mapToInt(z -> z.source() == null ? -1 : indexOf(specs, z.source().name())).toArray();
    this.vitals = table.valueRanges().map(v -> new VitalCheck(table.name(), v, specs)).orElse(null);
  }

  /** The columns of one de-identified zone and, per column, the source column and its suppress_when column. */
  private static final class ZoneBuilder {
    final Profile profile;
    final int[] source;
    final int[] suppressOn;

    ZoneBuilder(Profile profile, List<ZoneColumn> zoneColumns, List<ColumnSpec> specs) {
      this.profile = profile;
      this.source = zoneColumns.stream().mapToInt(z -> indexOf(specs, z.source().name())).toArray();
      this.suppressOn = zoneColumns.stream()
          .mapToInt(z -> z.source().suppressWhen().map(c -> indexOf(specs, c.column())).orElse(-1)).toArray();
    }
  }

  public TableSpec table() {
    return table;
  }

  public SplitOutcome split(GenericRecord record) {
    int[] positions = fieldPositions.computeIfAbsent(record.getSchema(), this::positionsIn);
    Object[] values = new Object[columns.length];
    int sentinelsNulled = 0;
    for (int i = 0; i < columns.length; i++) {
      ColumnSpec column = columns[i];
      try {
        values[i] = SourceValues.typed(table.name(), column, record.get(positions[i]));
      } catch (BadValueException e) {
        return new SplitOutcome.Quarantined(e.reason(), column.name(), e.getMessage());
      }
      ColumnRules rules = column.rules();
      if (values[i] != null && !rules.sentinelDates().isEmpty() && isSentinel(rules, values[i])) {
        if (rules.onSentinel() == ColumnRules.SentinelAction.QUARANTINE) {
          return new SplitOutcome.Quarantined(QuarantineReason.SENTINEL_DATE, column.name(), String.format(
              "%s.%s holds a placeholder date the catalog forbids there (sentinel_dates); the source must give the "
              + "real date", table.name(), column.name()));
        }
        values[i] = null; // the catalog says the placeholder means "none"
        sentinelsNulled++;
      }
      if (required[i] && (values[i] == null || values[i] instanceof String s && s.isBlank())) {
        return new SplitOutcome.Quarantined(QuarantineReason.MISSING_REQUIRED, column.name(), String.format(
            "%s.%s is required (%s) but is NULL or blank", table.name(), column.name(), whyRequired(i)));
      }
      if (values[i] != null && rules.codeSystem().isPresent() && !rules.extraCodes().contains(values[i])
          && !rules.codeSystem().get().isValid((String) values[i])) {
        return new SplitOutcome.Quarantined(QuarantineReason.UNKNOWN_CODE, column.name(), String.format(
            "%s.%s: expected %s; the value (%d characters) is not one", table.name(), column.name(),
            rules.codeSystem().get().describe(), ((String) values[i]).length()));
      }
    }
    if (vitals != null) {
      Optional<SplitOutcome.Quarantined> impossible = vitals.check(values);
      if (impossible.isPresent()) {
        return impossible.get();
      }
    }
    String patientId = patientIndex < 0 ? null : (String) values[patientIndex];

    Object[] generalRow = build(general, values, patientId);
    Object[] limitedRow = limited == null ? null : build(limited, values, patientId);
    Object[] restricted = null;
    if (!restrictedColumns.isEmpty()) {
      restricted = new Object[restrictedColumns.size()];
      for (int r = 0; r < restricted.length; r++) {
        String name = restrictedColumns.get(r).name();
        if (name.equals(TableSpec.PATIENT_TOKEN)) {
          restricted[r] = tokenizer.token("patient", patientId);
        } else if (name.equals(TableSpec.RECORD_TOKEN)) {
          restricted[r] = recordToken(values[keyIndex]);
        } else {
          restricted[r] = values[restrictedSource[r]]; // the original, typed
        }
      }
    }
    return new SplitOutcome.Valid(generalRow, limitedRow, restricted, sentinelsNulled);
  }

  /** The sentinel day itself, or (timestamps) its UTC midnight as the source's wall clock shows it. */
  private boolean isSentinel(ColumnRules rules, Object value) {
    if (rules.isSentinel(toDate(value))) {
      return true;
    }
    if (value instanceof LocalDateTime t) {
      LocalDateTime utc = t.atZone(sourceZone).withZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime();
      return utc.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) && rules.isSentinel(utc.toLocalDate());
    }
    return false;
  }

  private Object[] build(ZoneBuilder zone, Object[] values, String patientId) {
    Object[] row = new Object[zone.source.length];
    for (int g = 0; g < row.length; g++) {
      int i = zone.source[g];
      boolean suppressed = zone.suppressOn[g] >= 0
          && columns[i].suppressWhen().orElseThrow().matches(values[zone.suppressOn[g]]);
      row[g] = suppressed ? null : treat(columns[i], values[i], patientId, zone.profile);
    }
    return row;
  }

  private Object treat(ColumnSpec column, Object value, String patientId, Profile profile) {
    if (value == null) {
      return null;
    }
    switch (column.treatment()) {
      case KEEP:
        return value;
      case TOKENIZE:
        return tokenizer.token(column.domain().orElseThrow(), canonical(value));
      case YEAR_ONLY:
        return profile.keepsDates() ? value : SafeHarbor.yearOnly(toDate(value), businessDate);
      case DATE_SHIFT:
        if (profile.keepsDates()) {
          return value;
        }
        return value instanceof LocalDate d ? dateShift.shift(d, patientId)
            : dateShift.shift((LocalDateTime) value, patientId);
      case ZIP3:
        return SafeHarbor.zip3((String) value, restrictedZip3);
      case AGE_CAP:
        return profile.keepsDates() ? value : SafeHarbor.ageCap((Number) value);
      default: // DROP and RESTRICTED_ONLY have no general column
        throw new AssertionError(column.treatment());
    }
  }

  private String recordToken(Object key) {
    ColumnSpec keyColumn = columns[keyIndex];
    String domain = keyColumn.treatment() == Treatment.TOKENIZE
        ? keyColumn.domain().orElseThrow()
        : RECORD_DOMAIN_PREFIX + table.name();
    return tokenizer.token(domain, canonical(key));
  }

  /** The text a token is computed over: the same for a value however its source typed it. */
  static String canonical(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return value.toString(); // String, Integer, Long (decimal digits), LocalDate/LocalDateTime (ISO)
  }

  private static LocalDate toDate(Object value) {
    return value instanceof LocalDateTime t ? t.toLocalDate() : (LocalDate) value;
  }

  private String whyRequired(int i) {
    if (columns[i].required()) {
      return "catalog \"required\": true";
    }
    return i == keyIndex ? "the table's key" : "the table's patient column";
  }

  private int[] positionsIn(Schema schema) {
    int[] positions = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      positions[i] = -1;
    }
    for (Schema.Field field : schema.getFields()) {
      String name = field.name().toLowerCase(Locale.ROOT);
      for (int i = 0; i < columns.length; i++) {
        if (columns[i].name().equals(name)) {
          positions[i] = field.pos();
        }
      }
    }
    for (int i = 0; i < columns.length; i++) {
      if (positions[i] < 0) {
        throw new SplitJobException("Staging record of table '%s' has no column '%s' that the catalog lists; "
            + "re-import the table with the catalog's columns (sqoop-jobs/) or fix catalog/data-classification.json",
            table.name(), columns[i].name());
      }
    }
    return positions;
  }

  static int indexOf(List<ColumnSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No column " + name);
  }

  /** The catalog's possible-value ranges of a measurement table (vital signs). */
  private static final class VitalCheck {
    private final String table;
    private final ValueRanges ranges;
    private final int code;
    private final int value;
    private final int units;

    VitalCheck(String table, ValueRanges ranges, List<ColumnSpec> specs) {
      this.table = table;
      this.ranges = ranges;
      this.code = indexOf(specs, ranges.codeColumn());
      this.value = indexOf(specs, ranges.valueColumn());
      this.units = indexOf(specs, ranges.unitsColumn());
    }

    Optional<SplitOutcome.Quarantined> check(Object[] values) {
      ValueRanges.Range range = values[code] == null ? null : ranges.ranges().get(values[code].toString());
      if (range == null) {
        return Optional.empty();
      }
      String column = ranges.valueColumn();
      Object raw = values[value];
      double v;
      try {
        v = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(raw).trim());
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (raw == null || Double.isNaN(v)) {
        return impossible(column, range.name() + " (" + values[code] + ") is not a number");
      }
      if (!range.units().equals(values[units])) {
        return impossible(ranges.unitsColumn(), range.name() + " (" + values[code] + ") must be in " + range.units()
            + "; a value in other units cannot be checked or compared");
      }
      if (!range.contains(v)) {
        return impossible(column, range.name() + " (" + values[code] + ") outside the possible range " + range.min()
            + ".." + range.max() + " " + range.units());
      }
      return Optional.empty();
    }

    private Optional<SplitOutcome.Quarantined> impossible(String column, String why) {
      return Optional.of(new SplitOutcome.Quarantined(QuarantineReason.IMPOSSIBLE_VITAL, column,
          table + "." + column + ": " + why));
    }
  }
}
