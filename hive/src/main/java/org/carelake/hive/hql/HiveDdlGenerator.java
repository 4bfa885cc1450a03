package org.carelake.hive.hql;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/**
 * Generates the table and partition HQL from the data classification catalog, so the Hive
 * schema of each zone is exactly the catalog's column set (TableSpec.generalColumns() and
 * restrictedColumns(), as the split job writes them). The output is committed under hive/hql;
 * a test fails when it differs from what the catalog generates.
 *
 * <p>Command line (from the repository root): {@code HiveDdlGenerator [--home DIR] [--catalog FILE]
 * [--write | --check]}; --check (the default) exits 1 listing the stale files.
 */
public final class HiveDdlGenerator {
  /** How to regenerate, as told by the generated headers and by the check. */
  public static final String REGENERATE = "mvn -B -o -q install -pl hive -DskipTests && "
      + "java -cp \"hive/target/classes:$(cat hive/target/classpath.txt)\" "
      + HiveDdlGenerator.class.getName() + " --write";

  private final DataCatalog catalog;

  public HiveDdlGenerator(DataCatalog catalog) {
    this.catalog = catalog;
  }

  /** clinical.&lt;table&gt; over ${general_root}/&lt;table&gt; for every catalog table. */
  public String clinicalTables() {
    StringBuilder sb = header("clinical: the de-identified general zone, one external table per source table",
        HqlFiles.GENERAL_ROOT);
    for (TableSpec t : catalog.tables()) {
      sb.append("\n-- ").append(t).append(": ").append(t.description()).append('\n');
      sb.append(HiveDdl.generalTable(t));
    }
    return sb.toString();
  }

  /**
   * clinical_limited.&lt;table&gt; over ${limited_root}/&lt;table&gt; for every catalog table, in the profile
   * of the catalog's "limited" target (none without that target).
   */
  public String clinicalLimitedTables() {
    StringBuilder sb = header("clinical_limited: the limited data set (dates kept), one external table per source "
        + "table; PHI, lds_researchers, stewards and etl only", HqlFiles.LIMITED_ROOT);
    catalog.target(DataCatalog.LIMITED_TARGET).ifPresent(profile -> {
      for (TableSpec t : catalog.tables()) {
        sb.append("\n-- ").append(t).append(": ").append(t.description()).append(" (").append(profile).append(")\n");
        sb.append(HiveDdl.limitedTable(t, profile));
      }
    });
    return sb.toString();
  }

  /**
   * phi_restricted.&lt;table&gt; over ${restricted_root}/&lt;table&gt; for tables with identifiers, and
   * phi_restricted.&lt;table&gt;_quarantine over ${quarantine_root}/&lt;table&gt; for every table.
   */
  public String phiRestrictedTables() {
    StringBuilder sb = header("phi_restricted: identifiers (restricted zone) and rejected rows (quarantine zone); "
        + "PHI, stewards only", HqlFiles.RESTRICTED_ROOT, HqlFiles.QUARANTINE_ROOT);
    for (TableSpec t : catalog.tables()) {
      if (t.hasRestrictedZone()) {
        sb.append("\n-- ").append(t).append(": identifiers, keyed by patient token\n");
        sb.append(HiveDdl.restrictedTable(t));
      }
    }
    for (TableSpec t : catalog.tables()) {
      sb.append("\n-- ").append(t).append(": quarantine\n");
      sb.append(HiveDdl.quarantineTable(t));
    }
    return sb.toString();
  }

  /**
   * Registers partition dt=${dt} of every table. Explicit ADD PARTITION rather than MSCK REPAIR:
   * one metastore call per table instead of a listing of every partition directory, and only the
   * date the run wrote.
   */
  public String addPartitions() {
    boolean limited = catalog.target(DataCatalog.LIMITED_TARGET).isPresent();
    StringBuilder sb = limited
        ? header("registers partition dt=${dt} of every clinical, clinical_limited and phi_restricted table "
            + "(idempotent: IF NOT EXISTS)", HqlFiles.DT, HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT,
            HqlFiles.RESTRICTED_ROOT, HqlFiles.QUARANTINE_ROOT)
        : header("registers partition dt=${dt} of every clinical and phi_restricted table "
            + "(idempotent: IF NOT EXISTS)", HqlFiles.DT, HqlFiles.GENERAL_ROOT, HqlFiles.RESTRICTED_ROOT,
            HqlFiles.QUARANTINE_ROOT);
    sb.append('\n');
    for (TableSpec t : catalog.tables()) {
      sb.append(HiveDdl.addPartition(HqlFiles.generalTable(t.name()),
          HiveDdl.var(HqlFiles.GENERAL_ROOT) + "/" + t.name()));
    }
    if (limited) {
      for (TableSpec t : catalog.tables()) {
        sb.append(HiveDdl.addPartition(HqlFiles.limitedTable(t.name()),
            HiveDdl.var(HqlFiles.LIMITED_ROOT) + "/" + t.name()));
      }
    }
    for (TableSpec t : catalog.tables()) {
      if (t.hasRestrictedZone()) {
        sb.append(HiveDdl.addPartition(HqlFiles.restrictedTable(t.name()),
            HiveDdl.var(HqlFiles.RESTRICTED_ROOT) + "/" + t.name()));
      }
    }
    for (TableSpec t : catalog.tables()) {
      sb.append(HiveDdl.addPartition(HiveDdl.quarantineName(t), HiveDdl.var(HqlFiles.QUARANTINE_ROOT) + "/"
          + t.name()));
    }
    return sb.toString();
  }

  /** The generated files: path relative to the CareLake home, then content. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(HqlFiles.CLINICAL_TABLES, clinicalTables());
    files.put(HqlFiles.CLINICAL_LIMITED_TABLES, clinicalLimitedTables());
    files.put(HqlFiles.PHI_RESTRICTED_TABLES, phiRestrictedTables());
    files.put(HqlFiles.ADD_PARTITIONS, addPartitions());
    return files;
  }

  /** The generated files under {@code home} that are missing or differ from what the catalog generates. */
  public List<String> staleFiles(Path home) throws IOException {
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> f : files().entrySet()) {
      Path p = home.resolve(f.getKey());
      if (!Files.exists(p) || !Files.readString(p, StandardCharsets.UTF_8).equals(f.getValue())) {
        stale.add(f.getKey());
      }
    }
    return stale;
  }

  /** Writes the generated files under {@code home}; returns the ones that changed. */
  public List<String> write(Path home) throws IOException {
    List<String> changed = staleFiles(home);
    for (String relative : changed) {
      Path p = home.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, files().get(relative), StandardCharsets.UTF_8);
    }
    return changed;
  }

  private StringBuilder header(String what, String... variables) {
    StringBuilder sb = new StringBuilder();
    sb.append("-- ").append(what).append('\n');
    sb.append("-- Variables: ").append(String.join(", ", variables)).append('\n');
    sb.append("-- Run ").append(HqlFiles.DATABASES).append(" first. Tables are EXTERNAL: dropping one never deletes ")
        .append("lake data.\n--\n");
    sb.append("-- GENERATED from ").append(DataCatalog.DEFAULT_RELATIVE_PATH).append(" by ")
        .append(HiveDdlGenerator.class.getSimpleName()).append(": do not edit. After changing the catalog, ")
        .append("regenerate\n-- from the repository root with:\n--   ").append(REGENERATE).append('\n');
    return sb;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Path home = Path.of(System.getProperty("carelake.home", "."));
    Path catalogFile = null;
    boolean write = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--write" -> write = true;
        case "--check" -> write = false;
        case "--home" -> home = Path.of(value(args, ++i, "--home"));
        case "--catalog" -> catalogFile = Path.of(value(args, ++i, "--catalog"));
        default -> {
          err.println("Unknown argument '" + args[i] + "'; usage: HiveDdlGenerator [--home DIR] [--catalog FILE] "
              + "[--write | --check]");
          return 2;
        }
      }
    }
    Path catalogPath = catalogFile != null ? catalogFile : home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH);
    HiveDdlGenerator generator = new HiveDdlGenerator(DataCatalog.load(catalogPath));
    try {
      if (write) {
        List<String> changed = generator.write(home);
        out.println(changed.isEmpty() ? "Hive DDL is up to date with " + catalogPath : "Wrote " + changed);
        return 0;
      }
      List<String> stale = generator.staleFiles(home);
      if (stale.isEmpty()) {
        out.println("Hive DDL is up to date with " + catalogPath);
        return 0;
      }
      err.println(stale + " differ from what " + catalogPath + " generates; regenerate with: " + REGENERATE);
      return 1;
    } catch (IOException e) {
      err.println("Cannot read or write the HQL under " + home + ": " + e.getMessage()
          + "; run from the repository root or pass --home");
      return 1;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
