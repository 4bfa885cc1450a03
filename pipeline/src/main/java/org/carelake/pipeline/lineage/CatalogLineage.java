package org.carelake.pipeline.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.LineageFacets.ColumnInput;
import org.carelake.pipeline.run.LineageFacets.Field;
import org.carelake.pipeline.run.LineageFacets.Transformation;

/**
 * Column lineage that follows from the data classification catalog: the import copies every
 * source column; the PHI split applies each column's treatment (the masking ones are marked as
 * such); the Hive tables over the zones show the zones' columns as they are.
 */
public final class CatalogLineage {
  private CatalogLineage() {
  }

  /** Source table -&gt; staging: every catalog column, unchanged. */
  public static void importTable(LineageFacets.Builder b, TableSpec table, Dataset source, Dataset staged) {
    List<Field> fields = sourceFields(table);
    b.schema(source, fields).schema(staged, fields);
    for (ColumnSpec c : table.columns()) {
      b.column(staged, c.name(), new ColumnInput(source, c.name(), Transformation.identity("Sqoop import")));
    }
  }

  /** Staging -&gt; general, restricted (tables with identifiers) and quarantine, after the catalog. */
  public static void split(LineageFacets.Builder b, TableSpec table, Dataset staged, Dataset general,
      Optional<Dataset> restricted, Dataset quarantine) {
    b.schema(staged, sourceFields(table));
    b.schema(general, zoneFields(table.generalColumns()));
    for (ZoneColumn z : table.generalColumns()) {
      ColumnSpec c = z.source();
      b.column(general, z.name(), new ColumnInput(staged, c.name(), treatment(c)));
      c.suppressWhen().ifPresent(cond -> b.column(general, z.name(), new ColumnInput(staged, cond.column(),
          Transformation.indirect("CONDITIONAL", "NULL (suppressed) where " + cond.column() + " is one of "
              + new TreeSet<>(cond.values()), true))));
    }
    restricted.ifPresent(r -> {
      b.schema(r, zoneFields(table.restrictedColumns()));
      for (ZoneColumn z : table.restrictedColumns()) {
        if (TableSpec.PATIENT_TOKEN.equals(z.name())) {
          String patient = table.patient().orElseThrow();
          b.column(r, z.name(), new ColumnInput(staged, patient,
              Transformation.masked("TOKENIZE: keyed HMAC-SHA256 token (domain patient), the join key to the general zone")));
        } else if (TableSpec.RECORD_TOKEN.equals(z.name())) {
          b.column(r, z.name(), new ColumnInput(staged, table.key(),
              Transformation.masked("TOKENIZE: keyed HMAC-SHA256 token of the row key")));
        } else {
          b.column(r, z.name(), new ColumnInput(staged, z.source().name(),
              Transformation.identity("kept in the restricted zone (" + z.source().treatment() + ")")));
        }
      }
    });
    b.schema(quarantine, List.of(new Field("reason", "STRING", "why the row was quarantined"),
        new Field("column_name", "STRING", "the offending column"), new Field("detail", "STRING", null),
        new Field("source_record", "STRING", "the whole source record as JSON")));
    for (ColumnSpec c : table.columns()) {
      b.column(quarantine, "source_record", new ColumnInput(staged, c.name(),
          Transformation.computed("the whole rejected record as JSON")));
    }
  }

  /** A zone partition -&gt; the Hive table over it: the same columns. */
  public static void hiveTable(LineageFacets.Builder b, List<ZoneColumn> columns, Dataset zonePartition,
      Dataset hiveTable) {
    List<Field> fields = zoneFields(columns);
    b.schema(zonePartition, fields).schema(hiveTable, fields);
    for (ZoneColumn z : columns) {
      b.column(hiveTable, z.name(), new ColumnInput(zonePartition, z.name(),
          Transformation.identity("external table over the zone (partition registered)")));
    }
  }

  /** How a treatment changes a column on its way to the general zone. */
  public static Transformation treatment(ColumnSpec c) {
    switch (c.treatment()) {
      case TOKENIZE:
        return Transformation.masked("TOKENIZE: keyed HMAC-SHA256 token (domain " + c.domain().orElse("?") + ")");
      case YEAR_ONLY:
        return Transformation.masked("YEAR_ONLY: only the year of the date");
      case DATE_SHIFT:
        return Transformation.masked("DATE_SHIFT: moved by a keyed per-patient offset (intervals kept)");
      case ZIP3:
        return Transformation.masked("ZIP3: first three digits; 000 for areas of 20,000 people or fewer");
      case AGE_CAP:
        return Transformation.masked("AGE_CAP: ages over 89 become 90");
      case KEEP:
        return c.suppressWhen().isPresent()
            ? Transformation.masked("KEEP, but NULL in the rows where the value is an identifier")
            : Transformation.identity("KEEP");
      default:
        throw new IllegalArgumentException(c.name() + " (" + c.treatment() + ") does not reach the general zone");
    }
  }

  private static List<Field> sourceFields(TableSpec table) {
    List<Field> out = new ArrayList<>();
    for (ColumnSpec c : table.columns()) {
      out.add(new Field(c.name(), c.type().hiveType(), c.treatment().name()));
    }
    return out;
  }

  private static List<Field> zoneFields(List<ZoneColumn> columns) {
    List<Field> out = new ArrayList<>();
    for (ZoneColumn z : columns) {
      out.add(new Field(z.name(), z.hiveType().toUpperCase(Locale.ROOT),
          z.source() == null ? "token" : z.source().treatment().name()));
    }
    return out;
  }
}
