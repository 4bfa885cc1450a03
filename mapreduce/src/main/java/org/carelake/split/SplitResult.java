package org.carelake.split;

import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.carelake.split.output.Zone;
import org.carelake.split.treatments.QuarantineReason;

/**
 * What one split run did: rows read from staging, rows written per zone, quarantined rows per
 * reason (only reasons that occurred), sentinel values made NULL, the distinct patients and
 * records of the restricted zone (read back from its files), and the Hadoop job id.
 * rowsRead = generalRows + quarantinedRows.
 */
public record SplitResult(String table, LocalDate businessDate, String jobId, long rowsRead, long generalRows,
    long limitedRows, long restrictedRows, long quarantinedRows, Map<QuarantineReason, Long> quarantineByReason,
    long sentinelsNulled, ZoneAudit.Counts restrictedAudit, Path output) {

  /** The directory of one zone's Parquet files: OUTPUT/general, OUTPUT/restricted, ... */
  public Path zoneDir(Zone zone) {
    return new Path(output, zone.dirName());
  }

  /** quarantinedRows / rowsRead (0 for an empty partition). */
  public double quarantinedFraction() {
    return rowsRead == 0 ? 0.0 : (double) quarantinedRows / rowsRead;
  }
}
