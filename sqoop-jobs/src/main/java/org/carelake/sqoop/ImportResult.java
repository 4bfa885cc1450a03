package org.carelake.sqoop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result file of one import, read by the pipeline for its manifest and lineage. Counts,
 * paths and codes only: no row values. Null fields were not reached (e.g. sqoopExitCode when
 * the catalog check failed first).
 */
public record ImportResult(String table, String source, Long sourceRows, Long stagedRows, List<String> files,
    Long bytes, Integer sqoopExitCode, String avroCodec, String windowStart, String windowEnd, String status,
    String error) {

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public boolean succeeded() {
    return SUCCEEDED.equals(status);
  }

  /** The JSON object, fields in the documented order. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("table", table);
    m.put("source", source);
    m.put("sourceRows", sourceRows);
    m.put("stagedRows", stagedRows);
    m.put("files", files == null ? List.of() : files);
    m.put("bytes", bytes);
    m.put("sqoopExitCode", sqoopExitCode);
    m.put("avroCodec", avroCodec);
    m.put("windowStart", windowStart);
    m.put("windowEnd", windowEnd);
    m.put("status", status);
    m.put("error", error);
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialize the import result of " + table, e);
    }
  }

  /** Writes the JSON through a temporary file and a rename, so a reader never sees half a result. */
  public void write(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, toJson());
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Parses a result file written by {@link #write(Path)}. */
  public static ImportResult read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ImportResult.class);
  }
}
