package org.carelake.hive.hql;

import java.util.List;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;

/**
 * The Hive statements for one catalog table: external Parquet tables over the general,
 * restricted and quarantine zones, partitioned by business date, and their partitions.
 */
final class HiveDdl {
  /** The metastore keeps column comments in a VARCHAR(256) (Derby, MySQL schema). */
  static final int MAX_COMMENT = 256;

  private HiveDdl() {
  }

  static String generalTable(TableSpec t) {
    return createTable(HqlFiles.generalTable(t.name()), t.generalColumns(),
        "de-identified rows of " + t + " (" + t.description() + ")",
        var(HqlFiles.GENERAL_ROOT) + "/" + t.name(), t, HiveDdl::generalComment);
  }

  static String limitedTable(TableSpec t, Profile profile) {
    return createTable(HqlFiles.limitedTable(t.name()), t.generalColumns(profile),
        "limited data set of " + t + " (dates kept; PHI under a data use agreement)",
        var(HqlFiles.LIMITED_ROOT) + "/" + t.name(), t, c -> profile.keepsDates() && keptDate(c)
            ? "as in the source (" + profile + "; the general zone has " + c.source().treatment() + ")"
            : generalComment(c));
  }

  static String restrictedTable(TableSpec t) {
    return createTable(HqlFiles.restrictedTable(t.name()), t.restrictedColumns(),
        "identifiers of " + t.name() + ", keyed by patient token (steward re-identification only)",
        var(HqlFiles.RESTRICTED_ROOT) + "/" + t.name(), t, c -> restrictedComment(c, t));
  }

  static String quarantineTable(TableSpec t) {
    StringBuilder sb = new StringBuilder();
    sb.append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(quarantineName(t)).append(" (\n");
    sb.append("  `reason` STRING COMMENT 'why the split job rejected the row',\n");
    sb.append("  `column_name` STRING COMMENT 'the column at fault, if one',\n");
    sb.append("  `detail` STRING COMMENT 'what was wrong, without the value',\n");
    sb.append("  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'\n");
    sb.append(")\n");
    sb.append("COMMENT '").append(escape("rows of " + t.name() + " the split job rejected, with the reason"))
        .append("'\n");
    appendStorage(sb, var(HqlFiles.QUARANTINE_ROOT) + "/" + t.name());
    return sb.toString();
  }

  static String quarantineName(TableSpec t) {
    return HqlFiles.quarantineTable(t.name());
  }

  static String addPartition(String table, String location) {
    return "ALTER TABLE " + table + " ADD IF NOT EXISTS PARTITION (dt='" + var(HqlFiles.DT) + "') LOCATION '"
        + location + "/dt=" + var(HqlFiles.DT) + "';\n";
  }

  static String var(String name) {
    return "${" + name + "}";
  }

  private static boolean keptDate(ZoneColumn c) {
    switch (c.source().treatment()) {
      case YEAR_ONLY: case DATE_SHIFT: case AGE_CAP: return true;
      default: return false;
    }
  }

  private static String createTable(String name, List<ZoneColumn> columns, String comment, String location,
      TableSpec t, java.util.function.Function<ZoneColumn, String> columnComment) {
    StringBuilder sb = new StringBuilder();
    sb.append("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(name).append(" (\n");
    for (int i = 0; i < columns.size(); i++) {
      ZoneColumn c = columns.get(i);
      // backticks: catalog names such as date, start, stop, value and type are Hive keywords
      String text = columnComment.apply(c);
      sb.append("  `").append(c.name()).append("` ").append(c.hiveType())
          .append(" COMMENT '").append(escape(checked(text, t, c))).append('\'')
          .append(i + 1 < columns.size() ? ",\n" : "\n");
    }
    sb.append(")\n");
    sb.append("COMMENT '").append(escape(comment)).append("'\n");
    appendStorage(sb, location);
    return sb.toString();
  }

  private static void appendStorage(StringBuilder sb, String location) {
    sb.append("PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')\n");
    sb.append("STORED AS PARQUET\n");
    sb.append("LOCATION '").append(location).append("';\n");
  }

  /** Says how a general-zone column was made: treatment, token domain, source column, catalog note. */
  static String generalComment(ZoneColumn c) {
    ColumnSpec src = c.source();
    StringBuilder sb = new StringBuilder(src.treatment().name());
    src.domain().ifPresent(d -> sb.append(" (").append(d).append(')'));
    if (!c.name().equals(src.name())) {
      sb.append(" of ").append(src.name());
    }
    src.note().ifPresent(note -> sb.append(": ").append(note));
    return sb.toString();
  }

  /** Says what a restricted-zone column holds and what the general zone has instead. */
  static String restrictedComment(ZoneColumn c, TableSpec t) {
    ColumnSpec src = c.source();
    if (src == null) {
      return c.name().equals(TableSpec.PATIENT_TOKEN)
          ? "patient token: keyed HMAC of the MRN, joins the general zone"
          : "token of the row key " + t.key() + ", as in the general zone";
    }
    StringBuilder sb = new StringBuilder("original value");
    if (src.treatment().writesGeneral()) {
      sb.append(" (general zone: ").append(src.treatment());
      src.domain().ifPresent(d -> sb.append(' ').append(d));
      src.generalName().filter(g -> !g.equals(src.name())).ifPresent(g -> sb.append(" as ").append(g));
      sb.append(')');
    } else {
      sb.append(", kept only here");
    }
    src.note().ifPresent(note -> sb.append(": ").append(note));
    return sb.toString();
  }

  private static String checked(String comment, TableSpec t, ZoneColumn c) {
    if (comment.length() > MAX_COMMENT) {
      throw new HqlException("The comment of %s.%s would be %d characters, over the metastore's %d; shorten the "
          + "column's note in the catalog", t.name(), c.name(), comment.length(), MAX_COMMENT);
    }
    return comment;
  }

  /** Escapes text for a single-quoted Hive string literal. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ");
  }
}
