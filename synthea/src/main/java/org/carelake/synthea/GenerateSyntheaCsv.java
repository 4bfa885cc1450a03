package org.carelake.synthea;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.mitre.synthea.engine.Generator;

/**
 * Generates a Synthea CSV export: DIR/&lt;table&gt;.csv for every table Synthea writes, and
 * nothing else. Same arguments, same bytes. Runs in its own JVM (Synthea's dependencies clash
 * with Hadoop's and Hive's), one generation per JVM.
 */
public final class GenerateSyntheaCsv {
  private GenerateSyntheaCsv() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one generation; returns the exit code (0 ok, 1 failed, 2 bad arguments). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    GeneratorArguments arguments;
    try {
      arguments = GeneratorArguments.parse(args, LocalDate.now(ZoneOffset.UTC));
    } catch (GeneratorArguments.UsageException e) {
      err.println("GenerateSyntheaCsv: " + e.getMessage());
      err.println(GeneratorArguments.USAGE);
      return 2;
    }
    if (arguments == null) {
      out.println(GeneratorArguments.USAGE);
      return 0;
    }
    try {
      List<Path> files = generate(arguments);
      out.printf(Locale.ROOT, "GenerateSyntheaCsv: wrote %d CSV files (%d patients, seed %d, reference date %s) to %s%n",
          files.size(), arguments.patients(), arguments.seed(), arguments.referenceDate(), arguments.out());
      return 0;
    } catch (GenerationException e) {
      err.println("GenerateSyntheaCsv: " + e.getMessage());
      return 1;
    }
  }

  /** A generation that could not run or wrote something unexpected; the message says what to do. */
  static final class GenerationException extends Exception {
    private static final long serialVersionUID = 1L;

    GenerationException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static List<Path> generate(GeneratorArguments args) throws GenerationException {
    Path out = args.out().toAbsolutePath().normalize();
    try {
      prepareEmptyDirectory(out);
    } catch (IOException e) {
      throw new GenerationException("Cannot use " + out + " as the output directory (" + e.getMessage()
          + "); pass a new or empty directory the process can write", e);
    }
    // Synthea formats some values with the JVM defaults: pin them so the caller's locale and zone do not matter
    Locale.setDefault(Locale.US);
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    try {
      Generator generator = new Generator(SyntheaSettings.apply(args, out), SyntheaSettings.exporterOptions(args));
      generator.run();
    } catch (RuntimeException e) {
      throw new GenerationException("Synthea failed (" + e + "); check --state '" + args.state()
          + "' is a US state name such as Massachusetts", e);
    }
    try {
      return flatten(out);
    } catch (IOException e) {
      throw new GenerationException("Cannot move Synthea's CSV files up into " + out + " (" + e.getMessage() + ")", e);
    }
  }

  private static void prepareEmptyDirectory(Path out) throws IOException {
    Files.createDirectories(out);
    try (Stream<Path> entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        // Synthea's CSV exporter appends to files it finds: a second run would mix two populations
        throw new IOException("it is not empty");
      }
    }
  }

  /** Moves csv/*.csv up into {@code out}; anything else Synthea left is an error. */
  private static List<Path> flatten(Path out) throws IOException, GenerationException {
    Path csvDir = out.resolve("csv");
    List<Path> moved = new ArrayList<>();
    try (Stream<Path> files = Files.list(csvDir)) {
      for (Path f : files.sorted().toList()) {
        if (!f.getFileName().toString().endsWith(".csv") || !Files.isRegularFile(f)) {
          throw new GenerationException("Synthea wrote " + f + ", which is not a CSV file; a setting in "
              + "SyntheaSettings is missing", null);
        }
        moved.add(Files.move(f, out.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE));
      }
    }
    Files.delete(csvDir);
    try (Stream<Path> rest = Files.list(out)) {
      List<Path> unexpected = rest.filter(p -> !moved.contains(p)).toList();
      if (!unexpected.isEmpty()) {
        throw new GenerationException("Synthea wrote " + unexpected + " besides the CSV files; a setting in "
            + "SyntheaSettings is missing", null);
      }
    }
    return moved;
  }
}
