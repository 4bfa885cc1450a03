package org.carelake.pipeline.run;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.config.CareLakeHome;
import org.carelake.pipeline.lake.Lake;

/**
 * Everything the steps of one run share: its id and business date, the configuration, the
 * catalog, the lake, a private scratch directory, and resources started once for many steps
 * (HiveServer2), closed in reverse order when the run ends.
 */
public final class RunContext implements AutoCloseable {
  private final String runId;
  private final LocalDate businessDate;
  private final Configuration conf;
  private final CareLakeHome home;
  private final DataCatalog catalog;
  private final Lake lake;
  private final Path scratch;
  private final Path logDir;
  private final Progress progress;
  private final Map<Class<?>, AutoCloseable> resources = new LinkedHashMap<>();
  private final Deque<AutoCloseable> closeOrder = new ArrayDeque<>();
  private final Map<String, Long> stagedRows = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.List<StepObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public RunContext(String runId, LocalDate businessDate, Configuration conf, CareLakeHome home, DataCatalog catalog,
      Lake lake, Path scratch, Path logDir, Progress progress) {
    this.runId = runId;
    this.businessDate = businessDate;
    this.conf = conf;
    this.home = home;
    this.catalog = catalog;
    this.lake = lake;
    this.scratch = scratch;
    this.logDir = logDir;
    this.progress = progress;
  }

  public String runId() {
    return runId;
  }

  public LocalDate businessDate() {
    return businessDate;
  }

  public Configuration conf() {
    return conf;
  }

  public CareLakeHome home() {
    return home;
  }

  public DataCatalog catalog() {
    return catalog;
  }

  public Lake lake() {
    return lake;
  }

  /** Private (0700) scratch directory of this run, deleted when it ends. */
  public Path scratch() {
    return scratch;
  }

  /** Where child processes of this run write their logs. */
  public Path logDir() {
    return logDir;
  }

  public Progress progress() {
    return progress;
  }

  /** Tells {@code observer} about every step that starts and ends from now on (lineage). */
  public void addObserver(StepObserver observer) {
    observers.add(observer);
  }

  public java.util.List<StepObserver> observers() {
    return observers;
  }

  /** Records how many rows the import staged for a table (the split must read exactly as many). */
  public void recordStagedRows(String table, long rows) {
    stagedRows.put(table, rows);
  }

  public java.util.Optional<Long> stagedRows(String table) {
    return java.util.Optional.ofNullable(stagedRows.get(table));
  }

  /** The run's single instance of a resource, started on first use. */
  public synchronized <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> starter) {
    AutoCloseable r = resources.get(type);
    if (r == null) {
      r = starter.get();
      resources.put(type, r);
      closeOrder.push(r);
    }
    return type.cast(r);
  }

  @Override
  public synchronized void close() throws Exception {
    Exception first = null;
    while (!closeOrder.isEmpty()) {
      try {
        closeOrder.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
  }
}
