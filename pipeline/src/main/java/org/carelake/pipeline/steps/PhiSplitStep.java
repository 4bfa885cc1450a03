package org.carelake.pipeline.steps;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.lake.PartitionPublisher;
import org.carelake.pipeline.lineage.CatalogLineage;
import org.carelake.pipeline.lineage.DatasetNames;
import org.carelake.pipeline.run.Counts;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepResult;
import org.carelake.split.PhiSplitJob;
import org.carelake.split.SplitJobConf;
import org.carelake.split.SplitResult;
import org.carelake.split.output.Zone;

/**
 * Runs the PHI split MapReduce job over one table's staging partition and publishes its outputs
 * as the general, limited, restricted and quarantine partitions of the business date. The job
 * checks the keys against the lake's key check file before it writes anything.
 */
public final class PhiSplitStep implements Step {
  private final TableSpec table;
  private final Lake lake;
  private final java.time.LocalDate businessDate;
  private final double maxQuarantineFraction;
  private final boolean limited;

  /**
   * @param limited true when the catalog has a limited-data-set target (the job then writes that zone)
   */
  public PhiSplitStep(TableSpec table, Lake lake, java.time.LocalDate businessDate, double maxQuarantineFraction,
      boolean limited) {
    this.table = table;
    this.lake = lake;
    this.businessDate = businessDate;
    this.maxQuarantineFraction = maxQuarantineFraction;
    this.limited = limited;
  }

  @Override
  public String name() {
    return "split " + table.name();
  }

  @Override
  public String kind() {
    return "phi-split";
  }

  @Override
  public Optional<String> table() {
    return Optional.of(table.name());
  }

  @Override
  public List<Dataset> inputs() {
    return List.of(DatasetNames.path(lake.staging(table.source(), table.name(), businessDate), true));
  }

  @Override
  public List<Dataset> outputs() {
    return List.copyOf(zones().values());
  }

  /** The zones this split writes, by name (general, limited, restricted, quarantine: the lake's order). */
  Map<Zone, Dataset> zones() {
    Map<Zone, Dataset> out = new EnumMap<>(Zone.class);
    out.put(Zone.GENERAL, zone(Zone.GENERAL, false));
    if (limited) {
      // a limited data set keeps real dates: still PHI
      out.put(Zone.LIMITED, zone(Zone.LIMITED, true));
    }
    if (table.hasRestrictedZone()) {
      out.put(Zone.RESTRICTED, zone(Zone.RESTRICTED, true));
    }
    out.put(Zone.QUARANTINE, zone(Zone.QUARANTINE, true));
    return out;
  }

  private Dataset zone(Zone zone, boolean protectedData) {
    return DatasetNames.path(lake.partition(zone.dirName(), table.name(), businessDate), protectedData);
  }

  @Override
  public StepResult run(RunContext ctx) throws Exception {
    Configuration conf = new Configuration(ctx.conf());
    SplitJobConf.setCatalogJson(conf, ctx.catalog().text());
    SplitJobConf.setTable(conf, table.name());
    SplitJobConf.setBusinessDate(conf, businessDate);
    SplitJobConf.setMaxQuarantineFraction(conf, maxQuarantineFraction);
    SplitJobConf.setKeyCheckFile(conf, lake.keyCheck());
    SplitJobConf.setSourceTimeZone(conf, org.carelake.pipeline.config.PipelineConf.getFacilityTimeZone(conf));
    // Avro stops silently at a truncated last block: the split must read what the import staged.
    ctx.stagedRows(table.name()).ifPresent(n -> SplitJobConf.setExpectedRows(conf, n));
    Path output = new Path(lake.runWork(ctx.runId()), "split/" + table.name());
    output.getFileSystem(conf).delete(output, true);
    SplitResult result = PhiSplitJob.run(conf, lake.staging(table.source(), table.name(), businessDate), output);

    PartitionPublisher publisher = new PartitionPublisher(ctx.conf());
    for (Zone zone : zones().keySet()) {
      publisher.publish(result.zoneDir(zone), lake.partition(zone.dirName(), table.name(), businessDate));
    }

    StepResult out = new StepResult()
        .count(Counts.ROWS_READ, result.rowsRead())
        .count(Counts.GENERAL_ROWS, result.generalRows())
        .count(Counts.RESTRICTED_ROWS, result.restrictedRows())
        .count(Counts.QUARANTINED_ROWS, result.quarantinedRows())
        .count(Counts.LIMITED_ROWS, result.limitedRows())
        .count(Counts.SENTINELS_NULLED, result.sentinelsNulled())
        .count(Counts.RESTRICTED_DISTINCT_PATIENTS, result.restrictedAudit().distinctPatients())
        .count(Counts.RESTRICTED_DISTINCT_RECORDS, result.restrictedAudit().distinctRecords())
        .count(Counts.RESTRICTED_PATIENTS_NOT_IN_GENERAL, result.restrictedAudit().patientsNotInGeneral())
        .fact("hadoop_job_id", result.jobId())
        .fact("quarantine_threshold", Double.toString(maxQuarantineFraction));
    result.quarantineByReason().forEach((reason, n) -> out.count(Counts.QUARANTINE_REASON_PREFIX + reason.name(), n));
    lineage(out, result, ctx.catalog());
    return out;
  }

  /** Column lineage after the catalog's treatments, and the rows each zone received, zone by zone. */
  void lineage(StepResult out, SplitResult result, DataCatalog catalog) {
    Map<Zone, Dataset> zones = zones();
    CatalogLineage.split(out.lineage(), catalog, table, inputs().get(0), zones);
    zones.forEach((zone, d) -> out.lineage().rows(d, rows(zone, result)));
  }

  private static long rows(Zone zone, SplitResult r) {
    switch (zone) {
      case GENERAL: return r.generalRows();
      case LIMITED: return r.limitedRows();
      case RESTRICTED: return r.restrictedRows();
      case QUARANTINE: return r.quarantinedRows();
      default: throw new IllegalArgumentException("no row count for zone " + zone);
    }
  }
}
