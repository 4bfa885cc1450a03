package org.carelake.sqoop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.sqoop.util.OptionsFileUtil;
import org.carelake.catalog.TableSpec;

/**
 * A table's Sqoop options file, expanded by Sqoop's own parser and checked token by token
 * against what the catalog generates: a stale file (a column added to the catalog, not to the
 * file) fails the import instead of silently leaving the column out.
 */
final class OptionsFile {
  private final List<String> tokens;

  private OptionsFile(List<String> tokens) {
    this.tokens = tokens;
  }

  /** Reads {@code file} and requires it to equal the catalog's options for {@code table}. */
  static OptionsFile readChecked(Path file, TableSpec table) {
    if (!Files.isRegularFile(file)) {
      throw new ImportFailure("options file " + file + " does not exist; pass sqoop-jobs/"
          + SqoopOptionsFiles.relativePath(table) + " or regenerate with: " + SqoopOptionsFiles.REGENERATE_COMMAND);
    }
    List<String> actual;
    try {
      actual = Arrays.asList(OptionsFileUtil.expandArguments(new String[] {"--options-file", file.toString()}));
    } catch (Exception e) {
      throw new ImportFailure("options file " + file + " cannot be parsed (" + e.getMessage()
          + "); regenerate with: " + SqoopOptionsFiles.REGENERATE_COMMAND);
    }
    List<String> expected = SqoopOptionsFiles.tokens(table);
    for (int i = 0; i < Math.max(actual.size(), expected.size()); i++) {
      String a = i < actual.size() ? actual.get(i) : "<none>";
      String e = i < expected.size() ? expected.get(i) : "<none>";
      if (!a.equals(e)) {
        throw new ImportFailure("options file " + file + " does not match the catalog for table " + table.name()
            + " (" + describe(i, a, e) + "); regenerate with: " + SqoopOptionsFiles.REGENERATE_COMMAND);
      }
    }
    return new OptionsFile(List.copyOf(actual));
  }

  /** Names the differing list items (column names) when both tokens are lists, else both tokens. */
  private static String describe(int index, String actual, String expected) {
    if (actual.contains(",") && expected.contains(",")) {
      List<String> a = Arrays.asList(actual.split(","));
      List<String> e = Arrays.asList(expected.split(","));
      List<String> lacking = e.stream().filter(x -> !a.contains(x)).toList();
      List<String> extra = a.stream().filter(x -> !e.contains(x)).toList();
      if (!lacking.isEmpty() || !extra.isEmpty()) {
        return "token " + (index + 1) + " lacks " + lacking + " and has " + extra + " compared with the catalog";
      }
      return "token " + (index + 1) + " lists the same items as the catalog in another order";
    }
    return "token " + (index + 1) + " is '" + actual + "', the catalog gives '" + expected + "'";
  }

  List<String> tokens() {
    return tokens;
  }

  /**
   * The tokens with every column name written as the source spells it. H2 folds unquoted
   * names to upper case and Sqoop looks --columns, --split-by and --map-column-java up with
   * the exact case the database reports ("column not found: row_id" otherwise).
   */
  List<String> withSourceNames(Map<String, String> sourceNameOf) {
    List<String> out = new ArrayList<>(tokens);
    for (int i = 0; i + 1 < out.size(); i++) {
      String value = out.get(i + 1);
      switch (out.get(i)) {
        case "--columns" -> out.set(i + 1, Arrays.stream(value.split(","))
            .map(c -> rename(c, sourceNameOf)).collect(Collectors.joining(",")));
        case "--split-by" -> out.set(i + 1, rename(value, sourceNameOf));
        case "--map-column-java" -> out.set(i + 1, Arrays.stream(value.split(",")).map(m -> {
          int eq = m.indexOf('=');
          return rename(m.substring(0, eq), sourceNameOf) + m.substring(eq);
        }).collect(Collectors.joining(",")));
        default -> {
        }
      }
    }
    return out;
  }

  private static String rename(String catalogName, Map<String, String> sourceNameOf) {
    String s = sourceNameOf.get(catalogName);
    if (s == null) {
      throw new IllegalStateException("No source column for catalog column " + catalogName);
    }
    return s;
  }
}
