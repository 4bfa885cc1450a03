package org.carelake.pipeline.lineage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.carelake.catalog.ColumnSpec;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.LineageFacets.ColumnInput;
import org.carelake.pipeline.run.LineageFacets.Field;
import org.carelake.pipeline.run.LineageFacets.Transformation;
import org.carelake.split.output.Zone;

/**
 * Column lineage that follows from the data classification catalog: the import copies every
 * source column; the PHI split applies each column's treatment per zone profile (the masking ones
 * are marked as such); the Hive tables over the zones show the zones' columns as they are.
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

  /**
   * Staging -&gt; the split's zones, after the catalog: {@code zones} holds GENERAL and QUARANTINE, and
   * LIMITED and RESTRICTED where the split writes them. Each zone dataset is tagged with its zone, so
   * that a reader can tell a column kept in the restricted zone from one dropped (every column also
   * reaches the quarantine, inside the raw record of rejected rows).
   */
  public static void split(LineageFacets.Builder b, DataCatalog catalog, TableSpec table, Dataset staged,
      Map<Zone, Dataset> zones) {
    for (Zone required : List.of(Zone.GENERAL, Zone.QUARANTINE)) {
      if (!zones.containsKey(required)) {
        throw new IllegalArgumentException("The split of " + table.name() + " has no " + required.dirName()
            + " zone among " + zones.keySet() + "; every split writes general and quarantine");
      }
    }
    b.schema(staged, sourceFields(table));
    zones.forEach((zone, d) -> b.zone(d, zone.dirName()));
    deidentified(b, table, staged, zones.get(Zone.GENERAL), Zone.GENERAL.profile(catalog));
    if (zones.containsKey(Zone.LIMITED)) {
      deidentified(b, table, staged, zones.get(Zone.LIMITED), Zone.LIMITED.profile(catalog));
    }
    if (zones.containsKey(Zone.RESTRICTED)) {
      restricted(b, table, staged, zones.get(Zone.RESTRICTED));
    }
    Dataset quarantine = zones.get(Zone.QUARANTINE);
    b.schema(quarantine, List.of(new Field("reason", "STRING", "why the row was quarantined"),
        new Field("column_name", "STRING", "the offending column"), new Field("detail", "STRING", null),
        new Field("source_record", "STRING", "the whole source record as JSON")));
    for (ColumnSpec c : table.columns()) {
      b.column(quarantine, "source_record", new ColumnInput(staged, c.name(),
          Transformation.computed("the whole rejected record as JSON (rejected rows only)")));
    }
  }

  private static void deidentified(LineageFacets.Builder b, TableSpec table, Dataset staged, Dataset zone,
      Profile profile) {
    List<ZoneColumn> columns = table.generalColumns(profile);
    b.schema(zone, zoneFields(columns));
    for (ZoneColumn z : columns) {
      ColumnSpec c = z.source();
      b.column(zone, z.name(), new ColumnInput(staged, c.name(), treatment(c, profile)));
      c.suppressWhen().ifPresent(cond -> b.column(zone, z.name(), new ColumnInput(staged, cond.column(),
          Transformation.indirect("CONDITIONAL", "NULL (suppressed) where " + cond.column() + " is one of "
              + new TreeSet<>(cond.values()), true))));
    }
  }

  private static void restricted(LineageFacets.Builder b, TableSpec table, Dataset staged, Dataset r) {
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

  /** How a treatment changes a column on its way to the general (Safe Harbor) zone. */
  public static Transformation treatment(ColumnSpec c) {
    return treatment(c, Profile.SAFE_HARBOR);
  }

  /** How a treatment changes a column on its way to a de-identified zone of {@code profile}. */
  public static Transformation treatment(ColumnSpec c, Profile profile) {
    switch (c.treatment()) {
      case TOKENIZE:
        return Transformation.masked("TOKENIZE: keyed HMAC-SHA256 token (domain " + c.domain().orElse("?") + ")");
      case YEAR_ONLY:
        return profile.keepsDates() ? keptDate(c, profile)
            : Transformation.masked("YEAR_ONLY: only the year of the date");
      case DATE_SHIFT:
        return profile.keepsDates() ? keptDate(c, profile)
            : Transformation.masked("DATE_SHIFT: moved by a keyed per-patient offset (intervals kept)");
      case ZIP3:
        return Transformation.masked("ZIP3: first three digits; 000 for areas of 20,000 people or fewer");
      case AGE_CAP:
        return profile.keepsDates() ? keptDate(c, profile) : Transformation.masked("AGE_CAP: ages over 89 become 90");
      case KEEP:
        return c.suppressWhen().isPresent()
            ? Transformation.masked("KEEP, but NULL in the rows where the value is an identifier")
            : Transformation.identity("KEEP");
      default:
        throw new IllegalArgumentException(c.name() + " (" + c.treatment() + ") reaches no " + profile + " zone");
    }
  }

  /** The limited data set keeps dates and ages as they are: not masked, though still PHI. */
  private static Transformation keptDate(ColumnSpec c, Profile profile) {
    return Transformation.identity(c.treatment() + " elsewhere; kept as it is in the " + profile + " zone");
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
