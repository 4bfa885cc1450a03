package org.carelake.split;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericData;
import org.apache.avro.mapreduce.AvroJob;
import org.apache.avro.mapreduce.AvroKeyInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.split.crypto.KeyCheck;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;
import org.carelake.split.output.ZoneOutputFormat;
import org.carelake.split.output.ZoneRow;
import org.carelake.split.treatments.QuarantineReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PHI split of one staging partition of one table: a map-only job reading the Avro files
 * (AvroKeyInputFormat, split at sync markers) and writing general/, restricted/ and quarantine/
 * Parquet files under the output directory, committed by a FileOutputCommitter. It runs in
 * whatever runner the configuration names (the local pipeline: mapreduce.framework.name=local).
 *
 * <p>Before submitting it reads the token key and proves every zone's master key usable (and, with
 * a key check file, that they are the keys the lake was built with), so a missing or wrong key
 * writes nothing; it refuses an existing output directory and checks the staging schema against
 * the catalog. After the job it reconciles the counters (rows read = general + quarantined;
 * limited = general with a limited target; restricted = general when the table has a restricted
 * zone), reads the restricted zone's tokens back (restricted rows = distinct records, and =
 * distinct patients for the table keyed by patient), and checks quarantined/read against the
 * table's threshold.
 */
public final class PhiSplitJob extends Configured implements Tool {
  private static final Logger LOG = LoggerFactory.getLogger(PhiSplitJob.class);

  /**
   * Runs the split of {@code input} (staging/SOURCE/TABLE/dt=D) into {@code output} (which must not
   * exist) and waits for it. {@code conf} carries the {@link SplitJobConf} settings and
   * {@code hadoop.security.credential.provider.path}; it is not modified.
   *
   * @throws SplitJobException when the configuration, key or staging schema is wrong, the job
   *     fails, the counts do not reconcile, or too many rows were quarantined
   */
  public static SplitResult run(Configuration conf, Path input, Path output) throws IOException, InterruptedException {
    Configuration jobConf = new Configuration(conf);
    DataCatalog catalog = SplitJobConf.getCatalog(jobConf);
    TableSpec table = catalog.table(SplitJobConf.getTable(jobConf));
    LocalDate date = SplitJobConf.getBusinessDate(jobConf);
    double maxQuarantine = SplitJobConf.getMaxQuarantineFraction(jobConf);
    long expectedRows = SplitJobConf.getExpectedRows(jobConf);
    List<Zone> zones = Zone.of(catalog, table);
    CryptoConf.applyDefaults(jobConf);
    byte[] key = TokenKeys.read(jobConf);
    try {
      KeyCheck.requireMasterKeys(jobConf, zones);
      FileSystem outFs = output.getFileSystem(jobConf);
      if (outFs.exists(output)) {
        throw new SplitJobException("Output directory %s of the split of table '%s' for %s already exists; "
            + "delete it or choose a new one (the split never writes into existing output)", output, table.name(), date);
      }
      Path keyCheck = SplitJobConf.getKeyCheckFile(jobConf);
      if (keyCheck != null) {
        KeyCheck.verifyOrRecord(jobConf, keyCheck, key, zones);
      }
      List<Path> files = StagingSchemaCheck.check(jobConf, input, table);
      LOG.info("Splitting table {} for {}: {} staging file(s) in {}", table.name(), date, files.size(), input);

      SplitJobConf.setOutputDir(jobConf, output);
      // no _metadata/_common_metadata summaries beside the data files (they would be plaintext)
      jobConf.set("parquet.summary.metadata.level", "NONE");
      jobConf.setBoolean("mapreduce.map.speculative", false);
      // v1: task output stays under _temporary until the job commits, so a failed job publishes
      // nothing (v2 moves each finished task's files into the output at once)
      jobConf.setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, 1);
      pollFasterInLocalRunner(jobConf);
      Job job = Job.getInstance(jobConf, "carelake-split " + table.name() + " dt=" + date);
      job.setJarByClass(PhiSplitJob.class);
      job.setInputFormatClass(AvroKeyInputFormat.class);
      AvroJob.setDataModelClass(job, GenericData.class);
      FileInputFormat.addInputPath(job, input);
      job.setMapperClass(PhiSplitMapper.class);
      job.setNumReduceTasks(0);
      job.setOutputFormatClass(ZoneOutputFormat.class);
      job.setOutputKeyClass(NullWritable.class);
      job.setOutputValueClass(ZoneRow.class);
      FileOutputFormat.setOutputPath(job, output);
      // the key reaches the tasks in the job's credentials, never in its configuration
      TokenKeys.addToCredentials(job.getCredentials(), jobConf, key);

      boolean ok;
      try {
        ok = job.waitForCompletion(false);
      } catch (ClassNotFoundException e) {
        outFs.delete(output, true);
        throw new SplitJobException(e, "The split job of table '%s' cannot load %s; put carelake-mapreduce and its "
            + "dependencies on the job's classpath", table.name(), e.getMessage());
      } catch (IOException | RuntimeException e) {
        outFs.delete(output, true); // submission or monitoring failed: leave no half-written output
        throw e;
      }
      String jobId = job.getJobID() == null ? "unknown" : job.getJobID().toString();
      if (!ok) {
        outFs.delete(output, true); // it did not exist before this run; a rerun needs it absent
        throw new SplitJobException("The split job %s of table '%s' for %s failed (%s): %s; see the task logs, "
            + "fix the cause and rerun", jobId, table.name(), date,
            job.getStatus().getState(), job.getStatus().getFailureInfo());
      }
      for (Zone zone : zones) {
        outFs.mkdirs(new Path(output, zone.dirName())); // a zone no row went to still exists, empty
      }
      ZoneAudit.Counts audit = table.hasRestrictedZone()
          ? ZoneAudit.restricted(jobConf, new Path(output, Zone.RESTRICTED.dirName()),
              new Path(output, Zone.GENERAL.dirName()), table)
          : ZoneAudit.Counts.NONE;
      SplitResult result = result(job.getCounters(), table.name(), date, jobId, audit, output);
      LOG.info("Split {} of table {} for {}: read {}, general {}, limited {}, restricted {} ({} patients), "
          + "quarantined {} {}", jobId, table.name(), date, result.rowsRead(), result.generalRows(),
          result.limitedRows(), result.restrictedRows(), audit.distinctPatients(), result.quarantinedRows(),
          result.quarantineByReason());
      reconcile(result, table, zones, maxQuarantine, expectedRows);
      return result;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * waitForCompletion polls every 5 s by default: a split of a small table in the local runner
   * takes well under a second, so poll every 200 ms there unless the caller chose an interval.
   */
  private static void pollFasterInLocalRunner(Configuration conf) {
    if (!"local".equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
      return;
    }
    String[] sources = conf.getPropertySources(Job.COMPLETION_POLL_INTERVAL_KEY);
    boolean fromDefaults = sources == null
        || Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
    if (fromDefaults) {
      conf.setInt(Job.COMPLETION_POLL_INTERVAL_KEY, 200);
    }
  }

  private static SplitResult result(Counters counters, String table, LocalDate date, String jobId,
      ZoneAudit.Counts audit, Path output) {
    Map<QuarantineReason, Long> byReason = new EnumMap<>(QuarantineReason.class);
    for (QuarantineReason reason : QuarantineReason.values()) {
      long n = counters.findCounter(reason).getValue();
      if (n > 0) {
        byReason.put(reason, n);
      }
    }
    return new SplitResult(table, date, jobId, counters.findCounter(SplitCounter.ROWS_READ).getValue(),
        counters.findCounter(SplitCounter.GENERAL_ROWS).getValue(),
        counters.findCounter(SplitCounter.LIMITED_ROWS).getValue(),
        counters.findCounter(SplitCounter.RESTRICTED_ROWS).getValue(),
        counters.findCounter(SplitCounter.QUARANTINED_ROWS).getValue(),
        Collections.unmodifiableMap(byReason), counters.findCounter(SplitCounter.SENTINELS_NULLED).getValue(),
        audit, output);
  }

  private static void reconcile(SplitResult r, TableSpec table, List<Zone> zones, double maxQuarantine,
      long expectedRows) {
    if (expectedRows >= 0 && r.rowsRead() != expectedRows) {
      throw new SplitJobException("Split %s of table '%s' for %s read %d rows but the import wrote %d; a staging "
          + "file is truncated or missing: do not publish %s, re-run the import for that date and then the split",
          r.jobId(), r.table(), r.businessDate(), r.rowsRead(), expectedRows, r.output());
    }
    if (r.rowsRead() != r.generalRows() + r.quarantinedRows()) {
      throw new SplitJobException("Split %s of table '%s' for %s does not reconcile: read %d rows but wrote %d "
          + "general + %d quarantined; do not publish %s, rerun the split", r.jobId(), r.table(), r.businessDate(),
          r.rowsRead(), r.generalRows(), r.quarantinedRows(), r.output());
    }
    long expectedRestricted = table.hasRestrictedZone() ? r.generalRows() : 0;
    if (r.restrictedRows() != expectedRestricted) {
      throw new SplitJobException("Split %s of table '%s' for %s wrote %d restricted rows for %d general rows; "
          + "do not publish %s, rerun the split", r.jobId(), r.table(), r.businessDate(), r.restrictedRows(),
          r.generalRows(), r.output());
    }
    long expectedLimited = zones.contains(Zone.LIMITED) ? r.generalRows() : 0;
    if (r.limitedRows() != expectedLimited) {
      throw new SplitJobException("Split %s of table '%s' for %s wrote %d limited-data-set rows for %d general rows; "
          + "do not publish %s, rerun the split", r.jobId(), r.table(), r.businessDate(), r.limitedRows(),
          r.generalRows(), r.output());
    }
    if (table.hasRestrictedZone()) {
      ZoneAudit.Counts a = r.restrictedAudit();
      if (a.rows() != r.restrictedRows() || a.distinctRecords() != a.rows()) {
        throw new SplitJobException("Split %s of table '%s' for %s: the restricted files hold %d rows with %d distinct "
            + "record tokens, but %d rows were written (one per record expected); do not publish %s, rerun the split",
            r.jobId(), r.table(), r.businessDate(), a.rows(), a.distinctRecords(), r.restrictedRows(), r.output());
      }
      if (table.patient().orElseThrow().equals(table.key()) && a.distinctPatients() != a.rows()) {
        throw new SplitJobException("Split %s of table '%s' for %s wrote %d restricted rows for %d distinct patients; "
            + "a patient appears twice in the staging partition: fix the source rows and rerun", r.jobId(), r.table(),
            r.businessDate(), a.rows(), a.distinctPatients());
      }
      if (a.patientsNotInGeneral() != 0) {
        throw new SplitJobException("Split %s of table '%s' for %s: %d restricted patient tokens have no general row; "
            + "do not publish %s, rerun the split", r.jobId(), r.table(), r.businessDate(), a.patientsNotInGeneral(),
            r.output());
      }
    }
    if (r.quarantinedFraction() > maxQuarantine) {
      throw new SplitJobException("Split %s of table '%s' for %s quarantined %d of %d rows (%.2f%%), more than "
          + "the table's threshold %s allows (%s; catalog \"max_quarantine_fraction\" or %s); inspect %s, fix the "
          + "source rows or the catalog, and rerun", r.jobId(), r.table(),
          r.businessDate(), r.quarantinedRows(), r.rowsRead(), 100 * r.quarantinedFraction(),
          maxQuarantine, r.quarantineByReason(), SplitJobConf.MAX_QUARANTINE_FRACTION, r.zoneDir(Zone.QUARANTINE));
    }
  }

  private static final String USAGE = "Usage: PhiSplitJob [generic options] --catalog FILE --table NAME "
      + "--date YYYY-MM-DD [--key-alias ALIAS] [--max-quarantine FRACTION] [--expected-rows N] INPUT OUTPUT\n"
      + "  (the token key comes from hadoop.security.credential.provider.path, the zones' master keys from the KMS\n"
      + "   client of parquet.encryption.kms.client.class; give them with -D)";

  /** Command line: flags override the carelake.split.* settings already in the configuration. */
  @Override
  public int run(String[] args) throws Exception {
    Configuration conf = new Configuration(getConf());
    List<String> paths = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        paths.add(arg);
        continue;
      }
      if (i + 1 >= args.length) {
        System.err.println("Option " + arg + " needs a value\n" + USAGE);
        return 2;
      }
      String value = args[++i];
      switch (arg) {
        case "--catalog":
          SplitJobConf.setCatalogJson(conf, DataCatalog.load(java.nio.file.Path.of(value)).text());
          break;
        case "--table": SplitJobConf.setTable(conf, value); break;
        case "--date": conf.set(SplitJobConf.BUSINESS_DATE, value); break;
        case "--key-alias": SplitJobConf.setTokenKeyAlias(conf, value); break;
        case "--max-quarantine": conf.set(SplitJobConf.MAX_QUARANTINE_FRACTION, value); break;
        case "--expected-rows": conf.set(SplitJobConf.EXPECTED_ROWS, value); break;
        default:
          System.err.println("Unknown option " + arg + "\n" + USAGE);
          return 2;
      }
    }
    if (paths.size() != 2) {
      System.err.println(USAGE);
      return 2;
    }
    try {
      SplitResult r = run(conf, new Path(paths.get(0)), new Path(paths.get(1)));
      System.out.printf("%s %s %s: read %d, general %d, limited %d, restricted %d, quarantined %d %s%n", r.jobId(),
          r.table(), r.businessDate(), r.rowsRead(), r.generalRows(), r.limitedRows(), r.restrictedRows(),
          r.quarantinedRows(), r.quarantineByReason());
      return 0;
    } catch (SplitJobException | org.carelake.catalog.CatalogException e) {
      System.err.println(e.getMessage());
      return 1;
    }
  }

  public static void main(String[] args) throws Exception {
    System.exit(ToolRunner.run(new Configuration(), new PhiSplitJob(), args));
  }
}
