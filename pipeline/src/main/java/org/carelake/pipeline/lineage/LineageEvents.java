package org.carelake.pipeline.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.LineageFacets;
import org.carelake.pipeline.run.LineageFacets.ColumnInput;
import org.carelake.pipeline.run.LineageFacets.SubRun;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepRecord;
import org.carelake.pipeline.run.StepStatus;

/**
 * Builds the OpenLineage run events of one CareLake run from step declarations and records: a
 * parent run (job "nightly"), one child run per step and one grandchild per sub-run (Hive
 * statement). Every run carries the "carelake" run facet (CareLake run id, business date, the
 * manifest, user, counts and job ids) and every dataset the "carelake_classification" facet
 * (protected or general, and the lake zone where the step knows it).
 */
public final class LineageEvents {
  /** Who produced the events (OpenLineage's producer: a URI naming the software). */
  public static final URI PRODUCER = URI.create("urn:carelake:pipeline:0.1.0");
  /** Run facet with CareLake's own fields. */
  public static final String RUN_FACET = "carelake";
  /** Dataset facet telling protected (PHI) datasets from general ones. */
  public static final String CLASSIFICATION_FACET = "carelake_classification";
  public static final String PARENT_JOB = "nightly";

  private final OpenLineage ol = new OpenLineage(PRODUCER);
  private final String namespace;
  private final UUID parentRunId;
  private final String carelakeRunId;
  private final LocalDate businessDate;
  private final ZoneId facilityZone;
  private final String manifest;
  private final String defaultUser;

  public LineageEvents(String namespace, UUID parentRunId, String carelakeRunId, LocalDate businessDate,
      ZoneId facilityZone, String manifest, String defaultUser) {
    this.namespace = namespace;
    this.parentRunId = parentRunId;
    this.carelakeRunId = carelakeRunId;
    this.businessDate = businessDate;
    this.facilityZone = facilityZone;
    this.manifest = manifest;
    this.defaultUser = defaultUser;
  }

  public UUID parentRunId() {
    return parentRunId;
  }

  /** The job name of a step: nightly.&lt;step name with dots for spaces&gt;. */
  public static String jobName(String stepName) {
    return PARENT_JOB + "." + stepName.trim().replaceAll("\\s+", ".");
  }

  public RunEvent runStart(Instant at) {
    return ol.newRunEventBuilder().eventType(EventType.START).eventTime(time(at))
        .run(ol.newRun(parentRunId, runFacets(null, null, facet("nightly", "run", null, defaultUser, Map.of(),
            Map.of()), Optional.empty())))
        .job(job(PARENT_JOB, "RUN", null)).inputs(List.of()).outputs(List.of()).build();
  }

  /** COMPLETE, or FAIL naming the failing step and the reason. */
  public RunEvent runEnd(Instant at, Optional<String> failure, Map<String, Long> counts) {
    return ol.newRunEventBuilder().eventType(failure.isPresent() ? EventType.FAIL : EventType.COMPLETE)
        .eventTime(time(at))
        .run(ol.newRun(parentRunId, runFacets(null, null, facet("nightly", "run", null, defaultUser, counts,
            Map.of()), failure)))
        .job(job(PARENT_JOB, "RUN", null)).inputs(List.of()).outputs(List.of()).build();
  }

  public RunEvent stepStart(Step step, UUID runId, Instant at) {
    return ol.newRunEventBuilder().eventType(EventType.START).eventTime(time(at))
        .run(ol.newRun(runId, runFacets(PARENT_JOB, parentRunId,
            facet(step.name(), step.kind(), step.table().orElse(null), defaultUser, Map.of(), Map.of()),
            Optional.empty())))
        .job(job(jobName(step.name()), step.kind(), null))
        .inputs(inputs(step.inputs(), LineageFacets.EMPTY)).outputs(outputs(step.outputs(), LineageFacets.EMPTY))
        .build();
  }

  /** The step's COMPLETE or FAIL event, preceded by START and end events of its sub-runs. */
  public List<RunEvent> stepEnd(StepRecord r, UUID runId) {
    List<RunEvent> out = new ArrayList<>();
    String job = jobName(r.name());
    int index = 0;
    for (SubRun s : r.lineage().subRuns()) {
      index++;
      String subJob = job + "." + s.name().trim().replaceAll("\\s+", ".");
      UUID subId = Uuid7.next();
      String user = s.facets().user().orElse(r.lineage().user().orElse(defaultUser));
      Map<String, String> facts = new LinkedHashMap<>(s.facts());
      String sql = facts.remove("sql");
      OpenLineage.RunFacets facets = runFacets(job, runId, facet(r.name() + " / " + s.name(), r.kind() + "-statement",
          r.table().orElse(null), user, Map.of(), facts), Optional.empty());
      out.add(ol.newRunEventBuilder().eventType(EventType.START).eventTime(time(s.started()))
          .run(ol.newRun(subId, facets)).job(job(subJob, r.kind() + "-statement", sql))
          .inputs(inputs(s.inputs(), LineageFacets.EMPTY)).outputs(outputs(s.outputs(), LineageFacets.EMPTY)).build());
      out.add(ol.newRunEventBuilder()
          .eventType(s.status() == StepStatus.SUCCEEDED ? EventType.COMPLETE : EventType.FAIL)
          .eventTime(time(s.ended()))
          .run(ol.newRun(subId, runFacets(job, runId, facet(r.name() + " / " + s.name(), r.kind() + "-statement",
              r.table().orElse(null), user, Map.of(), facts), s.error().map(e -> "statement " + s.name() + " of step '"
              + r.name() + "' failed: " + e))))
          .job(job(subJob, r.kind() + "-statement", sql))
          .inputs(inputs(s.inputs(), s.facets())).outputs(outputs(s.outputs(), s.facets())).build());
    }
    String user = r.lineage().user().orElse(defaultUser);
    out.add(ol.newRunEventBuilder()
        .eventType(r.status() == StepStatus.SUCCEEDED ? EventType.COMPLETE : EventType.FAIL)
        .eventTime(time(r.ended()))
        .run(ol.newRun(runId, runFacets(PARENT_JOB, parentRunId, facet(r.name(), r.kind(), r.table().orElse(null),
            user, r.counts(), r.facts()), r.error().map(e -> "step '" + r.name() + "' failed: " + e))))
        .job(job(job, r.kind(), null))
        .inputs(inputs(r.inputs(), r.lineage())).outputs(outputs(r.outputs(), r.lineage())).build());
    return out;
  }

  private OpenLineage.Job job(String name, String kind, String sql) {
    OpenLineage.JobFacetsBuilder f = ol.newJobFacetsBuilder()
        .jobType(ol.newJobTypeJobFacet("BATCH", "CARELAKE", kind.toUpperCase(Locale.ROOT).replace('-', '_')));
    if (sql != null) {
      f.sql(ol.newSQLJobFacet(sql));
    }
    return ol.newJob(namespace, name, f.build());
  }

  private OpenLineage.RunFacets runFacets(String parentJob, UUID parentId, OpenLineage.RunFacet carelake,
      Optional<String> failure) {
    OpenLineage.RunFacetsBuilder b = ol.newRunFacetsBuilder()
        .nominalTime(ol.newNominalTimeRunFacet(businessDate.atStartOfDay(facilityZone),
            businessDate.plusDays(1).atStartOfDay(facilityZone)))
        .put(RUN_FACET, carelake);
    if (parentJob != null) {
      b.parent(ol.newParentRunFacet(ol.newParentRunFacetRun(parentId), ol.newParentRunFacetJob(namespace, parentJob)));
    }
    // the message only: a stack trace could carry values from a driver's exception
    failure.ifPresent(m -> b.errorMessage(ol.newErrorMessageRunFacet(m, "Java", null)));
    return b.build();
  }

  private OpenLineage.RunFacet facet(String step, String kind, String table, String user, Map<String, Long> counts,
      Map<String, String> facts) {
    OpenLineage.RunFacet f = ol.newRunFacet();
    Map<String, Object> p = f.getAdditionalProperties();
    p.put("run_id", carelakeRunId);
    p.put("business_date", businessDate.toString());
    p.put("step", step);
    p.put("kind", kind);
    if (table != null) {
      p.put("table", table);
    }
    p.put("user", user);
    p.put("manifest", manifest);
    if (!counts.isEmpty()) {
      p.put("counts", new LinkedHashMap<>(counts));
    }
    if (!facts.isEmpty()) {
      p.put("facts", new LinkedHashMap<>(facts));
    }
    return f;
  }

  private List<OpenLineage.InputDataset> inputs(List<Dataset> datasets, LineageFacets facets) {
    List<OpenLineage.InputDataset> out = new ArrayList<>();
    for (Dataset d : datasets) {
      out.add(ol.newInputDatasetBuilder().namespace(d.namespace()).name(d.name()).facets(datasetFacets(d, facets))
          .build());
    }
    return out;
  }

  private List<OpenLineage.OutputDataset> outputs(List<Dataset> datasets, LineageFacets facets) {
    List<OpenLineage.OutputDataset> out = new ArrayList<>();
    for (Dataset d : datasets) {
      OpenLineage.OutputDatasetBuilder b = ol.newOutputDatasetBuilder().namespace(d.namespace()).name(d.name())
          .facets(datasetFacets(d, facets));
      Long rows = facets.rows().get(d);
      if (rows != null) {
        b.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
            .outputStatistics(ol.newOutputStatisticsOutputDatasetFacet(rows, null, null)).build());
      }
      out.add(b.build());
    }
    return out;
  }

  private OpenLineage.DatasetFacets datasetFacets(Dataset d, LineageFacets facets) {
    OpenLineage.DatasetFacetsBuilder b = ol.newDatasetFacetsBuilder();
    OpenLineage.DatasetFacet classification = ol.newDatasetFacet();
    classification.getAdditionalProperties().put("protected", d.protectedData());
    String zone = facets.zones().get(d);
    if (zone != null) {
      classification.getAdditionalProperties().put("zone", zone);
    }
    b.put(CLASSIFICATION_FACET, classification);
    List<LineageFacets.Field> schema = facets.schemas().get(d);
    if (schema != null) {
      List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
      schema.forEach(f -> fields.add(ol.newSchemaDatasetFacetFields(f.name(), f.type(), f.description(), null)));
      b.schema(ol.newSchemaDatasetFacet(fields));
    }
    Map<String, List<ColumnInput>> lineage = facets.columnLineage().get(d);
    if (lineage != null) {
      OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = ol.newColumnLineageDatasetFacetFieldsBuilder();
      lineage.forEach((field, inputs) -> {
        List<OpenLineage.InputField> in = new ArrayList<>();
        for (ColumnInput i : inputs) {
          in.add(ol.newInputField(i.dataset().namespace(), i.dataset().name(), i.field(),
              List.of(ol.newInputFieldTransformations(i.transformation().type(), i.transformation().subtype(),
                  i.transformation().description(), i.transformation().masking()))));
        }
        fields.put(field, ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(in).build());
      });
      b.columnLineage(ol.newColumnLineageDatasetFacet(fields.build(), null));
    }
    return b.build();
  }

  private static ZonedDateTime time(Instant at) {
    return at.atZone(ZoneOffset.UTC);
  }
}
