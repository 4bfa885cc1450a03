package org.carelake.pipeline.lineage;

import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepObserver;
import org.carelake.pipeline.run.StepRecord;
import org.carelake.pipeline.run.StepStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lineage of one run: emits the run's START, a START and a COMPLETE or FAIL for every step
 * (told by the step runner, from the step's declaration and record), and the run's COMPLETE or
 * FAIL at the end. Events go to the lake's JSON lines and, when configured, to an OpenLineage
 * endpoint. A transport that fails is not used again in the run (a dead endpoint must not add a
 * timeout per event); what failed is kept in {@link #problems()}.
 */
public final class RunLineage implements StepObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLineage.class);
  /** Folder of the lake holding the events: _lineage/dt=D/run-&lt;id&gt;.jsonl. */
  public static final String DIR = "_lineage";

  private final LineageEvents events;
  private final Map<String, Transport> transports = new LinkedHashMap<>();
  private final LakeTransport lake;
  private final Map<Step, UUID> running = new IdentityHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();

  public RunLineage(LineageEvents events, LakeTransport lake, Optional<Transport> http, Optional<String> httpName) {
    this.events = events;
    this.lake = lake;
    transports.put("lake " + lake.file(), lake);
    http.ifPresent(t -> transports.put(httpName.orElse("http"), t));
  }

  /** Lineage for a run of {@code conf}'s lake: events to the lake and to the configured endpoint. */
  public static RunLineage open(Configuration conf, Path lakeRoot, String runId, LocalDate businessDate,
      java.time.ZoneId facilityZone, Path manifest) {
    LineageEvents events = new LineageEvents(LineageConf.getNamespace(conf), Uuid7.next(), runId, businessDate,
        facilityZone, manifest.toString(), processUser());
    return new RunLineage(events, new LakeTransport(conf, eventsFile(lakeRoot, businessDate, runId)),
        LineageTransports.http(conf), LineageTransports.describe(conf));
  }

  /** &lt;lake&gt;/_lineage/dt=D */
  public static Path eventsDir(Path lakeRoot, LocalDate businessDate) {
    return new Path(new Path(lakeRoot, DIR), "dt=" + businessDate);
  }

  public static Path eventsFile(Path lakeRoot, LocalDate businessDate, String runId) {
    return new Path(eventsDir(lakeRoot, businessDate), "run-" + runId + ".jsonl");
  }

  public Path eventsFile() {
    return lake.file();
  }

  public UUID runId() {
    return events.parentRunId();
  }

  public void runStarted(Instant at) {
    emit(events.runStart(at));
  }

  @Override
  public void started(Step step, Instant at) {
    UUID id = Uuid7.next();
    synchronized (running) {
      running.put(step, id);
    }
    emit(events.stepStart(step, id, at));
  }

  @Override
  public void ended(Step step, StepRecord record) {
    UUID id;
    synchronized (running) {
      id = running.remove(step);
    }
    if (id == null) {
      return;
    }
    events.stepEnd(record, id).forEach(this::emit);
  }

  /**
   * The run's COMPLETE, or FAIL naming the first failed step and its reason (or {@code otherFailure},
   * e.g. counts that do not reconcile, when no step failed).
   */
  public void runEnded(Instant at, List<StepRecord> records, Optional<String> otherFailure) {
    Optional<String> failure = records.stream().filter(r -> r.status() == StepStatus.FAILED).findFirst()
        .map(r -> "step '" + r.name() + "' failed: " + r.error().orElse("unknown error"));
    if (failure.isEmpty()) {
      failure = otherFailure;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (StepStatus s : StepStatus.values()) {
      counts.put("steps_" + s.name().toLowerCase(java.util.Locale.ROOT),
          records.stream().filter(r -> r.status() == s).count());
    }
    emit(events.runEnd(at, failure, counts));
  }

  /**
   * The run's FAIL when it stopped by an exception outside the steps' records (a step that failed is
   * still named first): the exception's class and message, or its first cause's where it has none.
   */
  public void runStopped(Instant at, List<StepRecord> records, Throwable stoppedBy) {
    runEnded(at, records, Optional.of(stopReason(stoppedBy)));
  }

  /** "the run stopped: IllegalStateException: HiveServer2 did not start ..." (no stack trace: it could carry values). */
  static String stopReason(Throwable e) {
    Throwable t = e;
    while (blank(t.getMessage()) && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String reason = t.getClass().getSimpleName() + (blank(t.getMessage()) ? "" : ": " + t.getMessage());
    return "the run stopped: " + (t == e ? reason : e.getClass().getSimpleName() + " caused by " + reason);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private void emit(RunEvent event) {
    List<String> dead = new ArrayList<>();
    synchronized (transports) {
      transports.forEach((name, t) -> {
        try {
          t.emit(event);
        } catch (RuntimeException e) {
          String p = "lineage events could not be sent to " + name + " (" + e.getMessage() + "); later events of "
              + "this run were not sent there either";
          problems.add(p);
          LOG.warn(p);
          dead.add(name);
        }
      });
      dead.forEach(transports::remove);
    }
  }

  /** Transports that failed during the run (each named, with its first error). */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void close() {
    for (Transport t : List.of(lake)) {
      try {
        t.close();
      } catch (IOException e) {
        problems.add("closing " + lake.file() + ": " + e.getMessage());
      } catch (Exception e) {
        problems.add("closing " + lake.file() + ": " + e);
      }
    }
    synchronized (transports) {
      transports.values().stream().filter(t -> t != lake).forEach(t -> {
        try {
          t.close();
        } catch (Exception e) {
          LOG.debug("closing a lineage transport: {}", e.toString());
        }
      });
    }
  }

  private static String processUser() {
    try {
      return UserGroupInformation.getCurrentUser().getShortUserName();
    } catch (IOException e) {
      return System.getProperty("user.name");
    }
  }
}
