package org.carelake.split;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.mapred.AvroKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.keys.Tokenizer;
import org.carelake.split.output.Zone;
import org.carelake.split.output.ZoneRow;
import org.carelake.split.treatments.RecordSplitter;
import org.carelake.split.treatments.SplitOutcome;

/**
 * Map-only: each staging record becomes a general row (plus a limited-data-set row when the
 * catalog has that target, and a restricted row when the table holds identifiers) or one
 * quarantine row. Counts rows per zone and per quarantine reason.
 */
public class PhiSplitMapper extends Mapper<AvroKey<GenericRecord>, NullWritable, NullWritable, ZoneRow> {
  private static final NullWritable NONE = NullWritable.get();

  private RecordSplitter splitter;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    DataCatalog catalog = SplitJobConf.getCatalog(conf);
    TableSpec table = catalog.table(SplitJobConf.getTable(conf));
    byte[] key = TokenKeys.forTask(context.getCredentials(), conf);
    try {
      splitter = new RecordSplitter(table, catalog.restrictedZip3(), SplitJobConf.getBusinessDate(conf),
          new Tokenizer(key), Zone.GENERAL.profile(catalog),
          Zone.LIMITED.appliesTo(catalog, table) ? Optional.of(Zone.LIMITED.profile(catalog)) : Optional.empty(),
          SplitJobConf.getSourceTimeZone(conf));
    } finally {
      Arrays.fill(key, (byte) 0); // the Mac holds its own copy
    }
  }

  @Override
  protected void map(AvroKey<GenericRecord> record, NullWritable ignored, Context context)
      throws IOException, InterruptedException {
    context.getCounter(SplitCounter.ROWS_READ).increment(1);
    SplitOutcome outcome = splitter.split(record.datum());
    if (outcome instanceof SplitOutcome.Valid valid) {
      context.write(NONE, new ZoneRow(Zone.GENERAL, valid.general()));
      context.getCounter(SplitCounter.GENERAL_ROWS).increment(1);
      if (valid.limited() != null) {
        context.write(NONE, new ZoneRow(Zone.LIMITED, valid.limited()));
        context.getCounter(SplitCounter.LIMITED_ROWS).increment(1);
      }
      if (valid.sentinelsNulled() > 0) {
        context.getCounter(SplitCounter.SENTINELS_NULLED).increment(valid.sentinelsNulled());
      }
      if (valid.restricted() != null) {
        context.write(NONE, new ZoneRow(Zone.RESTRICTED, valid.restricted()));
        context.getCounter(SplitCounter.RESTRICTED_ROWS).increment(1);
      }
    } else {
      SplitOutcome.Quarantined q = (SplitOutcome.Quarantined) outcome;
      // the whole record as JSON: nothing is lost, and a steward can repair and replay it
      String source = GenericData.get().toString(record.datum());
      context.write(NONE, new ZoneRow(Zone.QUARANTINE, new Object[] {q.reason().name(), q.column(), q.detail(), source}));
      context.getCounter(SplitCounter.QUARANTINED_ROWS).increment(1);
      context.getCounter(q.reason()).increment(1);
    }
  }
}
