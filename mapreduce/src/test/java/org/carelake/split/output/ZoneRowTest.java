package org.carelake.split.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;

class ZoneRowTest {
  @Test
  void everyValueTypeSurvivesWritableSerialization() throws Exception {
    ZoneRow row = new ZoneRow(Zone.RESTRICTED, new Object[] {"tök€n", 42, 17807L, 42.16260877593776,
        new BigDecimal("-1066476.64"), LocalDate.of(1931, 9, 14), LocalDateTime.of(2014, 5, 6, 8, 34, 30, 123_456_000),
        null});
    DataOutputBuffer out = new DataOutputBuffer();
    row.write(out);
    ZoneRow copy = new ZoneRow();
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    copy.readFields(in);
    assertThat(copy).isEqualTo(row);
    assertThat(copy.toString()).doesNotContain("tök€n").contains("RESTRICTED");
  }

  @Test
  void wideDecimalsUseTheSmallestFixedLength() {
    assertThat(ParquetTypes.bytesFor(19)).isEqualTo(9);
    assertThat(ParquetTypes.bytesFor(38)).isEqualTo(16);
    assertThat(ParquetTypes.column(new org.carelake.catalog.ZoneColumn("x", "DECIMAL(38,10)", null)).type()
        .getTypeLength()).isEqualTo(16);
    assertThat(ParquetTypes.micros(LocalDateTime.of(1970, 1, 1, 0, 0, 1, 2_000))).isEqualTo(1_000_002L);
    assertThat(ParquetTypes.micros(LocalDateTime.of(1969, 12, 31, 23, 59, 59))).isEqualTo(-1_000_000L);
  }
}
