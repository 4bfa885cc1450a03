package org.carelake.sqoop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.sources.SourceSchema;
import org.carelake.sources.SqlDialect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The column check on the real databases: every catalog table as SourceSchema creates it passes
 * on H2, PostgreSQL and MariaDB, the statements Sqoop will send run, and a drifted source fails
 * with table.column named.
 */
class SourceColumnsTest {
  private static DataCatalog catalog;
  private static final ImportWindow WINDOW =
      new ImportWindow(LocalDateTime.of(2014, 3, 9, 0, 0), LocalDateTime.of(2014, 3, 10, 0, 0));

  @BeforeAll
  static void load() {
    Path home = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
    catalog = DataCatalog.load(home.resolve(DataCatalog.DEFAULT_RELATIVE_PATH));
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void everyCatalogTablePassesAndSqoopsStatementsRun(SqlDialect dialect, @TempDir Path tmp) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tmp)) {
      for (TableSpec table : catalog.tables()) {
        db.createTable(table);
      }
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        for (TableSpec table : catalog.tables()) {
          Map<String, String> names = SourceColumns.check(c, table, dialect, "test catalog");
          assertThat(names.keySet()).containsExactlyElementsOf(table.columnNames());
          assertThat(names.values()).allSatisfy(n -> assertThat(n).isEqualTo(
              dialect == SqlDialect.H2 ? n.toUpperCase(Locale.ROOT) : n.toLowerCase(Locale.ROOT)));
          assertThat(SourceRowCount.count(c, table, dialect, Optional.of(WINDOW))).isZero();
          assertThat(SourceRowCount.count(c, table, dialect, Optional.empty())).isZero();
          // what GenericJdbcManager sends (H2, MariaDB): the names unquoted, as the source spells them;
          // PostgresqlManager quotes them, the unquoted form must work there too
          String select = "SELECT " + String.join(", ", names.values()) + " FROM " + table.name() + " AS "
              + table.name() + " WHERE ( " + WINDOW.predicate(dialect) + " ) AND ( row_id >= 0 )";
          try (ResultSet rs = s.executeQuery(select)) {
            assertThat(rs.getMetaData().getColumnCount()).isEqualTo(table.columns().size());
          }
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void aDriftedSourceFailsNamingTableAndColumn(SqlDialect dialect, @TempDir Path tmp) throws Exception {
    try (TestDatabase db = TestDatabase.create(dialect, tmp)) {
      TableSpec observations = catalog.table("observations");
      TableSpec conditions = catalog.table("conditions");
      TableSpec devices = catalog.table("devices");
      db.createTable(observations);
      db.execute("ALTER TABLE " + dialect.quote("observations") + " ADD " + dialect.quote("shoe_size") + " INTEGER");
      db.createTable(conditions);
      db.execute("ALTER TABLE " + dialect.quote("conditions") + " DROP COLUMN " + dialect.quote("description"));
      List<String> ddl = SourceSchema.createStatements(devices, dialect);
      String udi = dialect.quote("udi") + " VARCHAR(255)";
      assertThat(ddl.get(0)).contains(udi);
      db.execute(ddl.get(0).replace(udi, dialect.quote("udi") + " BIGINT"));

      try (Connection c = db.connect()) {
        assertThatThrownBy(() -> SourceColumns.check(c, observations, dialect, "catalog/data-classification.json"))
            .isInstanceOf(ImportFailure.class)
            .hasMessageContaining("source column observations.shoe_size is not in the data classification catalog")
            .hasMessageContaining("add it there with a treatment");
        assertThatThrownBy(() -> SourceColumns.check(c, conditions, dialect, "catalog/data-classification.json"))
            .isInstanceOf(ImportFailure.class)
            .hasMessageContaining("catalog column conditions.description is missing in the source table");
        assertThatThrownBy(() -> SourceColumns.check(c, devices, dialect, "catalog/data-classification.json"))
            .isInstanceOf(ImportFailure.class)
            .hasMessageContaining("source column devices.udi has JDBC type BIGINT")
            .hasMessageContaining("catalog type string");
        assertThatThrownBy(() -> SourceColumns.check(c, catalog.table("patients"), dialect, "x"))
            .isInstanceOf(ImportFailure.class).hasMessageContaining("cannot read the columns of source table patients");
      }
    }
  }
}
