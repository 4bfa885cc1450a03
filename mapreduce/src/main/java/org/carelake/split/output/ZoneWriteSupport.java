package org.carelake.split.output;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.carelake.catalog.ZoneColumn;

/** Writes zone rows of one zone of one table to Parquet, column types per {@link ParquetTypes}. */
final class ZoneWriteSupport extends WriteSupport<ZoneRow> {
  private final MessageType schema;
  private final ParquetTypes.ParquetColumn[] columns;
  private final Map<String, String> metadata;
  private RecordConsumer consumer;

  ZoneWriteSupport(String table, Zone zone, List<ZoneColumn> zoneColumns) {
    this.schema = ParquetTypes.schema(table, zoneColumns);
    this.columns = zoneColumns.stream().map(ParquetTypes::column).toArray(ParquetTypes.ParquetColumn[]::new);
    this.metadata = new HashMap<>();
    metadata.put("carelake.table", table);
    metadata.put("carelake.zone", zone.dirName());
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, metadata);
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(ZoneRow row) {
    Object[] values = row.values();
    if (values.length != columns.length) {
      throw new IllegalArgumentException("A " + row.zone() + " row of table " + schema.getName() + " has "
          + values.length + " values; the zone has " + columns.length + " columns");
    }
    consumer.startMessage();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        String name = columns[i].type().getName();
        consumer.startField(name, i);
        columns[i].write(consumer, values[i]);
        consumer.endField(name, i);
      }
    }
    consumer.endMessage();
  }
}
