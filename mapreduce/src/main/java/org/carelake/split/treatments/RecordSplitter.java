package org.carelake.split.treatments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.Treatment;
import org.carelake.catalog.ZoneColumn;
import org.carelake.split.SplitJobException;
import org.carelake.split.keys.DateShift;
import org.carelake.split.keys.Tokenizer;

/**
 * Applies a table's catalog treatments to one staging record: parses every column as its
 * catalog type, checks the required ones, and builds the general row (de-identified, tokens)
 * and the restricted row (patient token, record token, original values). Any problem sends
 * the whole record to quarantine instead. Not thread-safe (one per task).
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
  private final List<ZoneColumn> generalColumns;
  private final int[] generalSource;
  /** Per general column, the index of the column whose value suppresses it (catalog suppress_when), or -1. */
  private final int[] suppressOn;
  private final List<ZoneColumn> restrictedColumns;
  private final int[] restrictedSource;
  private final Map<Schema, int[]> fieldPositions = new IdentityHashMap<>();

  public RecordSplitter(TableSpec table, Set<String> restrictedZip3, LocalDate businessDate, Tokenizer tokenizer) {
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
    this.generalColumns = table.generalColumns();
    this.generalSource = generalColumns.stream().mapToInt(z -> indexOf(specs, z.source().name())).toArray();
    this.suppressOn = generalColumns.stream()
        .mapToInt(z -> z.source().suppressWhen().map(c -> indexOf(specs, c.column())).orElse(-1)).toArray();
    this.restrictedColumns = table.restrictedColumns();
    this.restrictedSource = restrictedColumns.stream()
        .mapToInt(z -> z.source() == null ? -1 : indexOf(specs, z.source().name())).toArray();
  }

  public TableSpec table() {
    return table;
  }

  public SplitOutcome split(GenericRecord record) {
    int[] positions = fieldPositions.computeIfAbsent(record.getSchema(), this::positionsIn);
    Object[] values = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      ColumnSpec column = columns[i];
      try {
        values[i] = SourceValues.typed(table.name(), column, record.get(positions[i]));
      } catch (BadValueException e) {
        return new SplitOutcome.Quarantined(e.reason(), column.name(), e.getMessage());
      }
      if (required[i] && (values[i] == null || values[i] instanceof String s && s.isBlank())) {
        return new SplitOutcome.Quarantined(QuarantineReason.MISSING_REQUIRED, column.name(), String.format(
            "%s.%s is required (%s) but is NULL or blank", table.name(), column.name(), whyRequired(i)));
      }
    }
    String patientId = patientIndex < 0 ? null : (String) values[patientIndex];

    Object[] general = new Object[generalColumns.size()];
    for (int g = 0; g < general.length; g++) {
      int i = generalSource[g];
      boolean suppressed = suppressOn[g] >= 0 && columns[i].suppressWhen().orElseThrow().matches(values[suppressOn[g]]);
      general[g] = suppressed ? null : treat(columns[i], values[i], patientId);
    }
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
    return new SplitOutcome.Valid(general, restricted);
  }

  private Object treat(ColumnSpec column, Object value, String patientId) {
    if (value == null) {
      return null;
    }
    switch (column.treatment()) {
      case KEEP:
        return value;
      case TOKENIZE:
        return tokenizer.token(column.domain().orElseThrow(), canonical(value));
      case YEAR_ONLY:
        return SafeHarbor.yearOnly(toDate(value), businessDate);
      case DATE_SHIFT:
        return value instanceof LocalDate d ? dateShift.shift(d, patientId)
            : dateShift.shift((LocalDateTime) value, patientId);
      case ZIP3:
        return SafeHarbor.zip3((String) value, restrictedZip3);
      case AGE_CAP:
        return SafeHarbor.ageCap((Number) value);
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

  private static int indexOf(List<ColumnSpec> specs, String name) {
    for (int i = 0; i < specs.size(); i++) {
      if (specs.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("No column " + name);
  }
}
