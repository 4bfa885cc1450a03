package org.carelake.sources;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;

/** The shared Synthea sample (11 patients) and the repository catalog, located via system properties. */
public final class SampleData {
  private SampleData() {
  }

  /** Columns Synthea 3.3.0 writes that the older shared sample lacks: loaded as NULL. */
  public static final String[] COLUMNS_ABSENT_FROM_SAMPLE = {"patients.middle", "conditions.system", "procedures.system"};

  /** A loader builder that accepts the sample's missing (newer) columns. */
  public static SyntheaCsvLoader.Builder loader() {
    return SyntheaCsvLoader.builder().absentColumnsAsNull(COLUMNS_ABSENT_FROM_SAMPLE);
  }

  public static Path sampleDirectory() {
    String base = System.getProperty("carelake.reference.data");
    if (base == null || base.isBlank()) {
      fail("System property carelake.reference.data is not set; run the tests through Maven (the parent POM "
          + "sets it) or pass -Dcarelake.reference.data=/path/to/reference-data");
    }
    Path dir = Path.of(base, "synthea-sample-ma11");
    if (!Files.isDirectory(dir)) {
      fail("The Synthea sample " + dir + " is missing; set CARELAKE_REFERENCE_DATA (or "
          + "-Dcarelake.reference.data) to the folder holding synthea-sample-ma11/");
    }
    return dir;
  }

  public static DataCatalog catalog() {
    String home = System.getProperty("carelake.home");
    Path file = home == null ? Path.of("..", DataCatalog.DEFAULT_RELATIVE_PATH)
        : Path.of(home, DataCatalog.DEFAULT_RELATIVE_PATH);
    return DataCatalog.load(file);
  }

  /** Data lines per catalog table, counted independently of the loader (the sample has no quoted newlines). */
  public static Map<String, Long> csvDataLines(Path dir, DataCatalog catalog) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (TableSpec t : catalog.tables()) {
      try (Stream<String> lines = Files.lines(dir.resolve(t.name() + ".csv"))) {
        out.put(t.name(), lines.skip(1).filter(l -> !l.isEmpty()).count());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** A writable copy of the sample (tests that break a file work on the copy). */
  public static Path copyOfSample(Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(sampleDirectory())) {
      for (Path f : files.toList()) {
        Files.copy(f, target.resolve(f.getFileName()));
        target.resolve(f.getFileName()).toFile().setWritable(true);
      }
    }
    return target;
  }
}
