package org.carelake.pipeline.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The progress of one backfill (&lt;work&gt;/backfills/&lt;request key&gt;.json): the days it finished.
 * Rerunning the same command after a failure resumes it: those days are not run again, even
 * with --force (which would otherwise rebuild complete days). Deleted when the backfill ends well.
 */
public final class BackfillState {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Set<LocalDate> done = new LinkedHashSet<>();
  private final boolean resumed;
  private final String started;

  private BackfillState(Path file, boolean resumed, String started) {
    this.file = file;
    this.resumed = resumed;
    this.started = started;
  }

  public static Path file(Path workDir, BackfillRequest request) {
    return workDir.resolve("backfills").resolve(request.key() + ".json");
  }

  /** The unfinished state of the same request, or a fresh one. */
  public static BackfillState load(Path workDir, BackfillRequest request) {
    Path file = file(workDir, request);
    if (!Files.isRegularFile(file)) {
      return new BackfillState(file, false, Instant.now().toString());
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      BackfillState s = new BackfillState(file, true, n.path("started").asText());
      n.path("done").forEach(d -> s.done.add(LocalDate.parse(d.asText())));
      return s;
    } catch (IOException | RuntimeException e) {
      throw new org.carelake.pipeline.config.PipelineConfigException("Cannot read the backfill state %s (%s); "
          + "delete it to start the backfill afresh", file, e.getMessage());
    }
  }

  public boolean resumed() {
    return resumed;
  }

  public String started() {
    return started;
  }

  public boolean isDone(LocalDate day) {
    return done.contains(day);
  }

  public void markDone(LocalDate day) {
    done.add(day);
    save();
  }

  /** Writes the state before the first day runs, so a crash in it can be resumed too. */
  public void save() {
    ObjectNode n = JSON.createObjectNode();
    n.put("started", started);
    n.putArray("done").addAll(done.stream().map(d -> JSON.getNodeFactory().textNode(d.toString())).toList());
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), n);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the backfill state " + file, e);
    }
  }

  public void finish() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the finished backfill state " + file, e);
    }
  }

  public Path file() {
    return file;
  }
}
