package org.carelake.pipeline.steps;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.carelake.catalog.TableSpec;
import org.carelake.pipeline.lake.Lake;
import org.carelake.pipeline.run.Dataset;
import org.carelake.pipeline.run.RunContext;
import org.carelake.pipeline.run.Step;
import org.carelake.pipeline.run.StepResult;
import org.carelake.split.StagingSchemaCheck;

/**
 * Checks every table's staging schema against the catalog before any split runs, so a column the
 * catalog does not know fails the run (naming table and column) before any zone of any table is
 * written, not half-way through the splits.
 */
public final class StagingCheckStep implements Step {
  private final List<TableSpec> tables;
  private final Lake lake;
  private final LocalDate businessDate;

  public StagingCheckStep(List<TableSpec> tables, Lake lake, LocalDate businessDate) {
    this.tables = List.copyOf(tables);
    this.lake = lake;
    this.businessDate = businessDate;
  }

  @Override
  public String name() {
    return "check staging against the catalog";
  }

  @Override
  public String kind() {
    return "staging-check";
  }

  @Override
  public List<Dataset> inputs() {
    List<Dataset> in = new ArrayList<>();
    String root = lake.root().toString();
    for (TableSpec t : tables) {
      in.add(new Dataset(root, "staging/" + t.source() + "/" + t.name() + "/" + Lake.partition(businessDate), true));
    }
    return in;
  }

  @Override
  public List<Dataset> outputs() {
    return List.of();
  }

  @Override
  public StepResult run(RunContext ctx) throws Exception {
    long files = 0;
    for (TableSpec t : tables) {
      files += StagingSchemaCheck.check(ctx.conf(), lake.staging(t.source(), t.name(), businessDate), t).size();
    }
    return new StepResult().count("tables", tables.size()).count("files", files);
  }
}
