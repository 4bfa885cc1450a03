package org.carelake.sources;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;

/**
 * One Synthea CSV file read against its catalog table: the header must name exactly the
 * catalog's columns (case-insensitively, any order) except row_id and last_modified, which the
 * loader assigns. Records come with the line they start on, for error messages.
 */
final class SyntheaCsvFile {
  /** Receives each record: its fields in catalog column order, and the line it starts on. */
  interface RecordHandler {
    void accept(String[] fields, long line) throws SQLException;
  }

  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private final Path file;
  private final TableSpec table;
  private final List<ColumnSpec> dataColumns;
  private final int[] csvIndex;
  private final int headerWidth;

  private SyntheaCsvFile(Path file, TableSpec table, List<ColumnSpec> dataColumns, int[] csvIndex, int headerWidth) {
    this.file = file;
    this.table = table;
    this.dataColumns = dataColumns;
    this.csvIndex = csvIndex;
    this.headerWidth = headerWidth;
  }

  /** The catalog columns a CSV supplies: all but row_id and last_modified. */
  static List<ColumnSpec> dataColumns(TableSpec table) {
    return table.columns().stream()
        .filter(c -> !c.name().equals(TableSpec.ROW_ID) && !c.name().equals(TableSpec.LAST_MODIFIED))
        .toList();
  }

  /**
   * Opens {@code file}, reads its header and matches it to {@code table}'s columns. A catalog
   * column the header lacks fails, unless {@code absentAsNull} names it (then every row gets NULL).
   */
  static SyntheaCsvFile open(Path file, TableSpec table, Set<String> absentAsNull) {
    if (!Files.isRegularFile(file)) {
      throw new LoadException("Missing CSV " + file + " for catalog table '" + table.name() + "' (source "
          + table.source() + "); export it with Synthea (GenerateSyntheaCsv writes all catalog tables) "
          + "or point csvDirectory at a complete export");
    }
    String[] header;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(in)) {
      header = rows.hasNextValue() ? rows.nextValue() : null;
    } catch (IOException e) {
      throw new LoadException(file + ":1: cannot read the CSV header (" + e.getClass().getSimpleName()
          + "); check that the file is a UTF-8 Synthea CSV export");
    }
    if (header == null || header.length == 0 || header.length == 1 && header[0].isBlank()) {
      throw new LoadException(file + ":1: the file has no header line; re-export it with Synthea "
          + "(the loader matches columns by the header)");
    }
    Map<String, Integer> positions = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      String name = header[i].trim().toLowerCase(Locale.ROOT);
      if (name.equals(TableSpec.ROW_ID) || name.equals(TableSpec.LAST_MODIFIED)) {
        throw new LoadException(file + ":1: column " + header[i] + " is assigned by the loader; "
            + "remove it from the CSV");
      }
      if (table.column(name).isEmpty()) {
        throw new LoadException(file + ":1: column " + header[i] + " is not in the data classification "
            + "catalog for table '" + table.name() + "'; classify it in catalog/data-classification.json "
            + "(add the column with a type and a HIPAA treatment) or remove it from the CSV");
      }
      if (positions.put(name, i) != null) {
        throw new LoadException(file + ":1: column " + header[i] + " appears twice in the header; "
            + "keep one");
      }
    }
    List<ColumnSpec> columns = dataColumns(table);
    List<String> missing = new ArrayList<>();
    int[] index = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Integer p = positions.get(columns.get(i).name());
      if (p == null && absentAsNull.contains(columns.get(i).name())) {
        index[i] = -1;
      } else if (p == null) {
        missing.add(columns.get(i).name());
      } else {
        index[i] = p;
      }
    }
    if (!missing.isEmpty()) {
      throw new LoadException(file + ":1: the header lacks catalog column(s) " + missing + " of table '"
          + table.name() + "'; export them, or remove them from catalog/data-classification.json if "
          + "the source no longer has them (for exports of an older Synthea, load them as NULL with "
          + "SyntheaCsvLoader.Builder#absentColumnsAsNull)");
    }
    return new SyntheaCsvFile(file, table, columns, index, header.length);
  }

  Path file() {
    return file;
  }

  TableSpec table() {
    return table;
  }

  /** The catalog columns of {@link #forEachRecord} fields, in catalog order. */
  List<ColumnSpec> dataColumns() {
    return dataColumns;
  }

  /** Streams the records after the header; blank lines are skipped. Returns the record count. */
  long forEachRecord(RecordHandler handler) throws SQLException {
    long count = 0;
    long line = 1;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<String[]> rows = CSV.readerFor(String[].class).readValues(in)) {
      rows.nextValue(); // the header, checked by open()
      while (true) {
        line = rows.getParser().currentLocation().getLineNr();
        if (!rows.hasNextValue()) {
          break;
        }
        String[] raw = rows.nextValue();
        if (raw.length == 0 || raw.length == 1 && raw[0].isEmpty() && headerWidth > 1) {
          continue;
        }
        if (raw.length != headerWidth) {
          throw new LoadException(String.format(Locale.ROOT, "%s:%d has %d fields, the header has %d; "
              + "quote fields that contain commas or fix the export", file, line, raw.length, headerWidth));
        }
        String[] fields = new String[csvIndex.length];
        for (int i = 0; i < csvIndex.length; i++) {
          fields[i] = csvIndex[i] < 0 ? null : raw[csvIndex[i]];
        }
        handler.accept(fields, line);
        count++;
      }
    } catch (IOException e) {
      // Jackson's message may quote file content: name the line, not the text.
      throw new LoadException(String.format(Locale.ROOT, "%s:%d: cannot parse the CSV (%s); check "
          + "quoting near that line", file, line, e.getClass().getSimpleName()));
    }
    return count;
  }
}
