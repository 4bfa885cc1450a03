package org.carelake.pipeline.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.carelake.catalog.DataCatalog;
import org.carelake.pipeline.config.PipelineConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillRequestTest {
  private static final ZoneId NY = ZoneId.of("America/New_York");
  private static final LocalDate TODAY = LocalDate.of(2027, 3, 20);
  private final DataCatalog catalog = DataCatalog.load(Path.of(System.getProperty("carelake.home", ".."))
      .resolve(DataCatalog.DEFAULT_RELATIVE_PATH));

  private BackfillRequest of(String from, String to, List<String> tables) {
    return BackfillRequest.of(LocalDate.parse(from), LocalDate.parse(to), tables, false, catalog, NY, TODAY);
  }

  @Test
  void daysInOrderTablesInCatalogOrder() {
    BackfillRequest r = of("2027-03-12", "2027-03-14", List.of("observations", "patients"));
    assertThat(r.days()).containsExactly(LocalDate.of(2027, 3, 12), LocalDate.of(2027, 3, 13), LocalDate.of(2027, 3, 14));
    assertThat(r.tables()).containsExactly("patients", "observations");
    assertThat(r.tablesParameter()).isEqualTo("patients,observations");
    assertThat(of("2027-03-19", "2027-03-19", List.of()).tablesParameter()).isEqualTo("all");
  }

  @Test
  void badRangesFutureDaysAndUnknownTablesAreRefusedWithTheFix() {
    assertThatThrownBy(() -> of("2027-03-14", "2027-03-12", List.of())).isInstanceOf(PipelineConfigException.class)
        .hasMessage("--to 2027-03-12 is before --from 2027-03-14; give the earlier day first");
    assertThatThrownBy(() -> of("2027-03-12", "2027-03-20", List.of()))
        .hasMessageContaining("2027-03-20 is not over yet in America/New_York (today is 2027-03-20)")
        .hasMessageContaining("backfill up to 2027-03-19");
    assertThatThrownBy(() -> of("2027-04-01", "2027-04-02", List.of())).hasMessageContaining("2027-04-01 is not over yet");
    assertThatThrownBy(() -> of("2025-01-01", "2027-03-01", List.of())).hasMessageContaining("more than 366");
    assertThatThrownBy(() -> of("2027-03-12", "2027-03-13", List.of("observations", "shoes", "socks")))
        .hasMessageContaining("shoes, socks not in the catalog").hasMessageContaining("known tables: patients,");
  }

  @Test
  void stateOfAnUnfinishedBackfillIsFoundByTheSameRequestOnly(@TempDir Path work) {
    BackfillRequest r = of("2027-03-12", "2027-03-14", List.of("observations"));
    BackfillState s = BackfillState.load(work, r);
    assertThat(s.resumed()).isFalse();
    s.markDone(LocalDate.of(2027, 3, 12));
    BackfillState again = BackfillState.load(work, r);
    assertThat(again.resumed()).isTrue();
    assertThat(again.isDone(LocalDate.of(2027, 3, 12))).isTrue();
    assertThat(again.isDone(LocalDate.of(2027, 3, 13))).isFalse();
    assertThat(BackfillState.load(work, of("2027-03-12", "2027-03-14", List.of())).resumed()).isFalse();
    again.finish();
    assertThat(BackfillState.load(work, r).resumed()).isFalse();
  }
}
