package org.carelake.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * One source column: its name (lower case, as in the source database), type, treatment and,
 * for tokens, the token domain (two columns share tokens only when they share a domain).
 * {@code suppressWhen} names the rows in which the column's value is an identifier: there the
 * general zone gets NULL whatever the treatment.
 */
public record ColumnSpec(String name, LogicalType type, Treatment treatment, Optional<String> domain,
    boolean required, Optional<String> note, Optional<ValueCondition> suppressWhen) {

  public ColumnSpec {
    CatalogException.check(name != null && name.matches("[a-z][a-z0-9_]*"),
        "Column name '%s' must be lower case letters, digits and underscores", name);
  }

  /** The column name in the general zone, or empty when the treatment writes nothing there. */
  public Optional<String> generalName() {
    switch (treatment) {
      case DROP: case RESTRICTED_ONLY: return Optional.empty();
      case YEAR_ONLY: return Optional.of(name + "_year");
      case ZIP3: return Optional.of(name + "3");
      default: return Optional.of(name);
    }
  }

  /** The Hive type of the general-zone column (only meaningful when {@link #generalName()} is present). */
  public String generalHiveType() {
    switch (treatment) {
      case TOKENIZE: case ZIP3: return "STRING";
      case YEAR_ONLY: return "INT";
      default: return type.hiveType();
    }
  }

  /**
   * True when the original value is kept in the restricted zone: identifying columns, and the
   * source identifiers of a person (patient MRNs and health-plan member numbers) behind tokens,
   * so a steward can re-identify.
   */
  public boolean keptInRestricted() {
    return treatment.isIdentifying()
        || treatment == Treatment.TOKENIZE
            && domain.map(d -> d.equals("patient") || d.equals("member")).orElse(false);
  }

  String describe(String table) {
    return String.format(Locale.ROOT, "%s.%s (%s %s)", table, name, type, treatment);
  }
}
