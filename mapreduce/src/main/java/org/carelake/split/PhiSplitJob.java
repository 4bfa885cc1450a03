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
 * <p>Before submitting it reads the token key (so a missing key writes nothing), refuses an
 * existing output directory, and checks the staging schema against the catalog. After the job it
 * reconciles the counters: rows read = general + quarantined, restricted = general when the
 * table has a restricted zone, and quarantined/read within the configured fraction.
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
    TableSpec table = SplitJobConf.getTableSpec(jobConf);
    LocalDate date = SplitJobConf.getBusinessDate(jobConf);
    double maxQuarantine = SplitJobConf.getMaxQuarantineFraction(jobConf);
    long expectedRows = SplitJobConf.getExpectedRows(jobConf);
    byte[] key = TokenKeys.read(jobConf);
    try {
      FileSystem outFs = output.getFileSystem(jobConf);
      if (outFs.exists(output)) {
        throw new SplitJobException("Output directory %s of the split of table '%s' for %s already exists; "
            + "delete it or choose a new one (the split never writes into existing output)", output, table.name(), date);
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
      for (Zone zone : Zone.values()) {
        if (zone.appliesTo(table)) {
          outFs.mkdirs(new Path(output, zone.dirName())); // a zone no row went to still exists, empty
        }
      }
      SplitResult result = result(job.getCounters(), table.name(), date, jobId, output);
      LOG.info("Split {} of table {} for {}: read {}, general {}, restricted {}, quarantined {} {}", jobId,
          table.name(), date, result.rowsRead(), result.generalRows(), result.restrictedRows(),
          result.quarantinedRows(), result.quarantineByReason());
      reconcile(result, table, maxQuarantine, expectedRows);
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

  private static SplitResult result(Counters counters, String table, LocalDate date, String jobId, Path output) {
    Map<QuarantineReason, Long> byReason = new EnumMap<>(QuarantineReason.class);
    for (QuarantineReason reason : QuarantineReason.values()) {
      long n = counters.findCounter(reason).getValue();
      if (n > 0) {
        byReason.put(reason, n);
      }
    }
    return new SplitResult(table, date, jobId, counters.findCounter(SplitCounter.ROWS_READ).getValue(),
        counters.findCounter(SplitCounter.GENERAL_ROWS).getValue(),
        counters.findCounter(SplitCounter.RESTRICTED_ROWS).getValue(),
        counters.findCounter(SplitCounter.QUARANTINED_ROWS).getValue(),
        Collections.unmodifiableMap(byReason), output);
  }

  private static void reconcile(SplitResult r, TableSpec table, double maxQuarantine, long expectedRows) {
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
    if (r.quarantinedFraction() > maxQuarantine) {
      throw new SplitJobException("Split %s of table '%s' for %s quarantined %d of %d rows (%.2f%%), more than "
          + "%s=%s allows (%s); inspect %s, fix the source rows or the catalog, and rerun", r.jobId(), r.table(),
          r.businessDate(), r.quarantinedRows(), r.rowsRead(), 100 * r.quarantinedFraction(),
          SplitJobConf.MAX_QUARANTINE_FRACTION, maxQuarantine, r.quarantineByReason(), r.zoneDir(Zone.QUARANTINE));
    }
  }

  private static final String USAGE = "Usage: PhiSplitJob [generic options] --catalog FILE --table NAME "
      + "--date YYYY-MM-DD [--key-alias ALIAS] [--max-quarantine FRACTION] [--expected-rows N] INPUT OUTPUT\n"
      + "  (the token key comes from hadoop.security.credential.provider.path; give it with -D)";

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
      System.out.printf("%s %s %s: read %d, general %d, restricted %d, quarantined %d %s%n", r.jobId(), r.table(),
          r.businessDate(), r.rowsRead(), r.generalRows(), r.restrictedRows(), r.quarantinedRows(),
          r.quarantineByReason());
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
