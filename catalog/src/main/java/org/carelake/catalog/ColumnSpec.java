package org.carelake.catalog;

import java.util.Locale;
import java.util.Optional;

/**
 * One source column: its name (lower case, as in the source database), type, treatment and,
 * for tokens, the token domain (two columns share tokens only when they share a domain).
 * {@code suppressWhen} names the rows in which the column's value is an identifier: there the
 * general zone gets NULL whatever the treatment. {@code safeHarbor} names the Safe Harbor identifier
 * the column holds, if any; {@code rules} are its sentinel and code-system checks.
 */
public record ColumnSpec(String name, LogicalType type, Treatment treatment, Optional<String> domain,
    boolean required, Optional<String> note, Optional<ValueCondition> suppressWhen,
    Optional<SafeHarborIdentifier> safeHarbor, ColumnRules rules) {

  public ColumnSpec {
    CatalogException.check(name != null && name.matches("[a-z][a-z0-9_]*"),
        "Column name '%s' must be lower case letters, digits and underscores", name);
  }

  /** The column name in a Safe Harbor zone, or empty when the treatment writes nothing there. */
  public Optional<String> generalName() {
    return generalName(Profile.SAFE_HARBOR);
  }

  /**
   * The column name in a zone of {@code profile}, or empty when the treatment writes nothing there.
   * A limited data set keeps the date itself, under the source name.
   */
  public Optional<String> generalName(Profile profile) {
    switch (treatment) {
      case DROP: case RESTRICTED_ONLY: return Optional.empty();
      case YEAR_ONLY: return Optional.of(profile.keepsDates() ? name : name + "_year");
      case ZIP3: return Optional.of(name + "3");
      default: return Optional.of(name);
    }
  }

  /** The Hive type of the Safe Harbor column (only meaningful when {@link #generalName()} is present). */
  public String generalHiveType() {
    return generalHiveType(Profile.SAFE_HARBOR);
  }

  /** The Hive type of the column in a zone of {@code profile}. */
  public String generalHiveType(Profile profile) {
    switch (treatment) {
      case TOKENIZE: case ZIP3: return "STRING";
      case YEAR_ONLY: return profile.keepsDates() ? type.hiveType() : "INT";
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
