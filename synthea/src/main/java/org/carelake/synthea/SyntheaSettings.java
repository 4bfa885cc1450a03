package org.carelake.synthea;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.mitre.synthea.engine.Generator;
import org.mitre.synthea.export.Exporter;
import org.mitre.synthea.helpers.Config;

/**
 * The Synthea configuration of a CSV-only, repeatable run. Synthea keeps its configuration and
 * its CSV exporter in JVM-wide singletons, so one JVM runs one generation.
 */
final class SyntheaSettings {
  private SyntheaSettings() {
  }

  /** The Config entries set before the generator is built. */
  static Map<String, String> config(Path baseDirectory, int yearsOfHistory) {
    Map<String, String> c = new TreeMap<>();
    c.put("exporter.baseDirectory", baseDirectory.toAbsolutePath() + "/");
    c.put("exporter.years_of_history", Integer.toString(yearsOfHistory));
    c.put("exporter.csv.export", "true");
    c.put("exporter.csv.append_mode", "false");
    c.put("exporter.csv.folder_per_run", "false");
    // every CSV Synthea writes by default; the loader skips the ones the catalog does not list
    c.put("exporter.csv.included_files", "");
    c.put("exporter.csv.excluded_files", "patient_expenses.csv");
    for (String off : new String[] {"exporter.fhir.export", "exporter.fhir_stu3.export", "exporter.fhir_dstu2.export",
        "exporter.fhir.bulk_data", "exporter.hospital.fhir.export", "exporter.hospital.fhir_stu3.export",
        "exporter.hospital.fhir_dstu2.export", "exporter.practitioner.fhir.export",
        "exporter.practitioner.fhir_stu3.export", "exporter.practitioner.fhir_dstu2.export",
        "exporter.ccda.export", "exporter.cpcds.export", "exporter.bfd.export", "exporter.cdw.export",
        "exporter.text.export", "exporter.text.per_encounter_export", "exporter.clinical_note.export",
        "exporter.symptoms.csv.export", "exporter.symptoms.text.export", "exporter.metadata.export",
        "exporter.groups.fhir.export", "exporter.split_records", "generate.only_dead_patients",
        "generate.only_alive_patients", "exporter.use_uuid_filenames", "exporter.subfolders_by_id_substring"}) {
      c.put(off, "false");
    }
    // one thread: with a pool, patients finish (and are written) in a timing-dependent order
    c.put("generate.thread_pool_size", "1");
    // the default ("simple") prints every patient's name: PHI hygiene even for synthetic people
    c.put("generate.log_patients.detail", "none");
    c.put("generate.terminology_service_url", "");
    return c;
  }

  /** Applies the configuration and returns the generator options for the arguments. */
  static Generator.GeneratorOptions apply(GeneratorArguments args, Path baseDirectory) {
    config(baseDirectory, args.yearsOfHistory()).forEach(Config::set);
    Generator.GeneratorOptions o = new Generator.GeneratorOptions();
    o.population = args.patients();
    o.seed = args.seed();
    o.clinicianSeed = args.seed();
    // both default to "now": the simulated today and the end of the simulation
    long reference = args.referenceDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    o.referenceTime = reference;
    o.endTime = reference;
    o.threadPoolSize = 1;
    o.state = args.state();
    return o;
  }

  static Exporter.ExporterRuntimeOptions exporterOptions(GeneratorArguments args) {
    Exporter.ExporterRuntimeOptions e = new Exporter.ExporterRuntimeOptions();
    e.yearsOfHistory = args.yearsOfHistory();
    return e;
  }
}
