package org.carelake.pipeline.lake;

import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * Where each zone of the lake lives: one root (a local directory, HDFS or s3a://) with the
 * zones below it, each table partitioned by business date (dt=YYYY-MM-DD). In production the
 * zones are separate buckets with separate keys; the layout below each is the same.
 */
public final class Lake {
  public static final String STAGING = "staging";
  public static final String GENERAL = "general";
  /** The limited data set (dates kept), when the catalog has a "limited" target. */
  public static final String LIMITED = "limited";
  public static final String RESTRICTED = "restricted";
  public static final String QUARANTINE = "quarantine";
  public static final String SNAPSHOT = "snapshot";

  private final Path root;

  public Lake(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path zone(String zone) {
    return new Path(root, zone);
  }

  public static String partition(LocalDate dt) {
    return "dt=" + dt;
  }

  /** staging/&lt;source&gt;/&lt;table&gt;/dt=D */
  public Path staging(String source, String table, LocalDate dt) {
    return new Path(new Path(new Path(zone(STAGING), source), table), partition(dt));
  }

  /** &lt;zone&gt;/&lt;table&gt;/dt=D for the general, restricted and quarantine zones. */
  public Path partition(String zone, String table, LocalDate dt) {
    return new Path(new Path(zone(zone), table), partition(dt));
  }

  /** Scratch space of one run inside the lake's file system (renames into zones stay atomic). */
  public Path runWork(String runId) {
    return new Path(new Path(root, "_work"), runId);
  }

  /** _keys/key-check.json: what proves a run uses the keys the lake was built with (no secrets). */
  public Path keyCheck() {
    return new Path(new Path(root, "_keys"), "key-check.json");
  }

  /** _manifests/dt=D: the reconciliation manifests of the runs for D. */
  public Path manifests(LocalDate dt) {
    return new Path(new Path(root, "_manifests"), partition(dt));
  }
}
