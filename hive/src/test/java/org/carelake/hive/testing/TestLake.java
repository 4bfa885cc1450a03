package org.carelake.hive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.Profile;
import org.carelake.catalog.TableSpec;
import org.carelake.catalog.ZoneColumn;
import org.carelake.hive.hql.HqlFiles;

/**
 * A lake on the local file system, written the way the PHI split job writes it:
 * &lt;zone&gt;/&lt;table&gt;/dt=D/part-m-00000.parquet with the catalog's zone columns.
 */
public final class TestLake {
  private final Path root;
  private final DataCatalog catalog;

  public TestLake(Path root, DataCatalog catalog) {
    this.root = root.toAbsolutePath().normalize();
    this.catalog = catalog;
  }

  /** The file URI of a zone root, without a trailing slash, as the HQL variables take it. */
  public String uri(String zone) {
    return "file://" + root.resolve(zone);
  }

  /** The variables of the DDL and partition scripts for this lake (add dt where needed). */
  public Map<String, String> roots() {
    Map<String, String> v = new HashMap<>();
    v.put(HqlFiles.GENERAL_ROOT, uri("general"));
    v.put(HqlFiles.LIMITED_ROOT, uri("limited"));
    v.put(HqlFiles.RESTRICTED_ROOT, uri("restricted"));
    v.put(HqlFiles.QUARANTINE_ROOT, uri("quarantine"));
    v.put(HqlFiles.SNAPSHOT_ROOT, uri("snapshot"));
    return v;
  }

  public void general(String table, String dt, List<Map<String, Object>> rows) throws IOException {
    TableSpec t = catalog.table(table);
    write("general", table, dt, t.generalColumns(), rows);
  }

  /** The limited-data-set zone (clinical_limited): the general columns with dates kept. */
  public void limited(String table, String dt, List<Map<String, Object>> rows) throws IOException {
    TableSpec t = catalog.table(table);
    write("limited", table, dt, t.generalColumns(Profile.LIMITED_DATA_SET), rows);
  }

  public void restricted(String table, String dt, List<Map<String, Object>> rows) throws IOException {
    TableSpec t = catalog.table(table);
    write("restricted", table, dt, t.restrictedColumns(), rows);
  }

  public void quarantine(String table, String dt, List<Map<String, Object>> rows) throws IOException {
    List<ZoneColumn> columns = List.of(new ZoneColumn("reason", "STRING", null),
        new ZoneColumn("column_name", "STRING", null), new ZoneColumn("detail", "STRING", null),
        new ZoneColumn("source_record", "STRING", null));
    write("quarantine", table, dt, columns, rows);
  }

  private void write(String zone, String table, String dt, List<ZoneColumn> columns, List<Map<String, Object>> rows)
      throws IOException {
    Path dir = root.resolve(zone).resolve(table).resolve("dt=" + dt);
    Files.createDirectories(dir);
    ParquetFiles.write(dir.resolve("part-m-00000.parquet"), ParquetFiles.schema(table, columns), rows);
  }
}
