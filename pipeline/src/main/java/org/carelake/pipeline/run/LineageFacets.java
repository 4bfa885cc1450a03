package org.carelake.pipeline.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step reports for lineage beyond its counts: the schema, row count and zone of datasets, the
 * column lineage of its outputs (which input columns each output column comes from, and how),
 * the user it ran as, and sub-runs (e.g. the statements of a Hive script). The runner keeps it
 * in the step's record; the lineage events are derived from it.
 */
public final class LineageFacets {
  public static final LineageFacets EMPTY = builder().build();

  /** A column of a dataset. */
  public record Field(String name, String type, String description) {
  }

  /**
   * How an output column is derived from an input column, in OpenLineage's terms: type DIRECT
   * (the value flows) or INDIRECT (the input decides which rows or whether the value is kept);
   * subtype IDENTITY, TRANSFORMATION, FILTER, CONDITIONAL...; masking when the value is
   * de-identified on the way (a token, a year, a shifted date, a ZIP3).
   */
  public record Transformation(String type, String subtype, String description, boolean masking) {
    public static Transformation identity(String description) {
      return new Transformation("DIRECT", "IDENTITY", description, false);
    }

    public static Transformation computed(String description) {
      return new Transformation("DIRECT", "TRANSFORMATION", description, false);
    }

    public static Transformation masked(String description) {
      return new Transformation("DIRECT", "TRANSFORMATION", description, true);
    }

    public static Transformation indirect(String subtype, String description, boolean masking) {
      return new Transformation("INDIRECT", subtype, description, masking);
    }
  }

  /** An input column of an output column. */
  public record ColumnInput(Dataset dataset, String field, Transformation transformation) {
  }

  /** A part of a step that is a run of its own (a Hive statement), with its own datasets and facets. */
  public record SubRun(String name, StepStatus status, Instant started, Instant ended, List<Dataset> inputs,
      List<Dataset> outputs, Map<String, String> facts, LineageFacets facets, Optional<String> error) {
  }

  private final Map<Dataset, List<Field>> schemas;
  private final Map<Dataset, Long> rows;
  private final Map<Dataset, String> zones;
  private final Map<Dataset, Map<String, List<ColumnInput>>> columnLineage;
  private final List<SubRun> subRuns;
  private final Optional<String> user;

  private LineageFacets(Builder b) {
    this.schemas = Collections.unmodifiableMap(new LinkedHashMap<>(b.schemas));
    this.rows = Collections.unmodifiableMap(new LinkedHashMap<>(b.rows));
    this.zones = Collections.unmodifiableMap(new LinkedHashMap<>(b.zones));
    Map<Dataset, Map<String, List<ColumnInput>>> lineage = new LinkedHashMap<>();
    b.columnLineage.forEach((d, fields) -> {
      Map<String, List<ColumnInput>> copy = new LinkedHashMap<>();
      fields.forEach((f, inputs) -> copy.put(f, List.copyOf(inputs)));
      lineage.put(d, Collections.unmodifiableMap(copy));
    });
    this.columnLineage = Collections.unmodifiableMap(lineage);
    this.subRuns = List.copyOf(b.subRuns);
    this.user = b.user;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Map<Dataset, List<Field>> schemas() {
    return schemas;
  }

  public Map<Dataset, Long> rows() {
    return rows;
  }

  /** The lake zone (general, limited, restricted, quarantine) of datasets whose role the step knows. */
  public Map<Dataset, String> zones() {
    return zones;
  }

  /** Per output dataset: output field -&gt; its input columns. */
  public Map<Dataset, Map<String, List<ColumnInput>>> columnLineage() {
    return columnLineage;
  }

  public List<SubRun> subRuns() {
    return subRuns;
  }

  /** The user the work ran as, when the step knows it better than the process does (a Hive session user). */
  public Optional<String> user() {
    return user;
  }

  /** Collects facets while a step runs. */
  public static final class Builder {
    private final Map<Dataset, List<Field>> schemas = new LinkedHashMap<>();
    private final Map<Dataset, Long> rows = new LinkedHashMap<>();
    private final Map<Dataset, String> zones = new LinkedHashMap<>();
    private final Map<Dataset, Map<String, List<ColumnInput>>> columnLineage = new LinkedHashMap<>();
    private final List<SubRun> subRuns = new ArrayList<>();
    private Optional<String> user = Optional.empty();

    private Builder() {
    }

    public synchronized Builder schema(Dataset dataset, List<Field> fields) {
      schemas.put(dataset, List.copyOf(fields));
      return this;
    }

    public synchronized Builder rows(Dataset dataset, long count) {
      rows.put(dataset, count);
      return this;
    }

    /**
     * Names the lake zone a dataset is: readers tell a zone that keeps a column (restricted) from
     * one that holds whole rejected records (quarantine), both protected.
     */
    public synchronized Builder zone(Dataset dataset, String zone) {
      zones.put(dataset, zone);
      return this;
    }

    /** Adds an input column of {@code field} of {@code output}. */
    public synchronized Builder column(Dataset output, String field, ColumnInput input) {
      columnLineage.computeIfAbsent(output, d -> new LinkedHashMap<>())
          .computeIfAbsent(field, f -> new ArrayList<>()).add(input);
      return this;
    }

    public synchronized Builder subRun(SubRun run) {
      subRuns.add(run);
      return this;
    }

    public synchronized Builder user(String name) {
      this.user = Optional.ofNullable(name);
      return this;
    }

    /** Adds everything {@code other} holds. */
    public synchronized Builder addAll(LineageFacets other) {
      schemas.putAll(other.schemas);
      rows.putAll(other.rows);
      zones.putAll(other.zones);
      other.columnLineage.forEach((d, fields) -> fields.forEach((f, inputs) -> inputs.forEach(i -> column(d, f, i))));
      subRuns.addAll(other.subRuns);
      other.user.ifPresent(this::user);
      return this;
    }

    public synchronized LineageFacets build() {
      return new LineageFacets(this);
    }
  }
}
