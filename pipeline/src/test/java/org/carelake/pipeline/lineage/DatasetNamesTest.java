package org.carelake.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.fs.Path;
import org.carelake.pipeline.run.Dataset;
import org.junit.jupiter.api.Test;

/** OpenLineage's naming conventions, and no credentials or URL parameters in any name. */
class DatasetNamesTest {
  @Test
  void jdbcTablesAreNamedAfterTheirDatabaseKind() {
    assertThat(DatasetNames.jdbcTable("jdbc:postgresql://127.0.0.1:5432/e2e_ehr?user=etl&password=secret", "patients", true))
        .isEqualTo(new Dataset("postgres://127.0.0.1:5432", "e2e_ehr.public.patients", true));
    assertThat(DatasetNames.jdbcTable("jdbc:postgresql://db.example/ehr", "patients", true).namespace())
        .isEqualTo("postgres://db.example:5432");
    assertThat(DatasetNames.jdbcTable("jdbc:mariadb://127.0.0.1:3306/billing?password=x", "claims", true))
        .isEqualTo(new Dataset("mysql://127.0.0.1:3306", "billing.claims", true));
    assertThat(DatasetNames.jdbcTable("jdbc:mysql://dbhost/billing", "claims", true).namespace())
        .isEqualTo("mysql://dbhost:3306");
    assertThat(DatasetNames.jdbcTable("jdbc:h2:file:/srv/local/sources/ehr;AUTO_SERVER=TRUE;PASSWORD=x", "patients", true))
        .isEqualTo(new Dataset("h2:file:/srv/local/sources/ehr", "ehr.public.patients", true));
    assertThat(DatasetNames.jdbcDatabase("jdbc:postgresql://h:5432/ehr?password=x", true))
        .isEqualTo(new Dataset("postgres://h:5432", "ehr", true));
  }

  @Test
  void lakePathsAreNamedByFileSystem() {
    assertThat(DatasetNames.path(new Path("file:///srv/lake/general/patients/dt=2026-11-20"), false))
        .isEqualTo(new Dataset("file", "/srv/lake/general/patients/dt=2026-11-20", false));
    assertThat(DatasetNames.path(new Path("s3a://carelake-general/lake/general/patients"), false))
        .isEqualTo(new Dataset("s3://carelake-general", "lake/general/patients", false));
    assertThat(DatasetNames.path(new Path("hdfs://nn:8020/lake/restricted/patients"), true))
        .isEqualTo(new Dataset("hdfs://nn:8020", "/lake/restricted/patients", true));
  }

  @Test
  void hiveTablesAreNamedByTheirMetastore() {
    assertThat(DatasetNames.hiveNamespace("thrift://metastore.internal:9083")).isEqualTo("hive://metastore.internal:9083");
    assertThat(DatasetNames.hiveNamespace("thrift://a:9083,thrift://b:9083")).isEqualTo("hive://a:9083");
    assertThat(DatasetNames.hiveNamespace(null)).isEqualTo("hive://embedded-metastore");
    assertThat(DatasetNames.hiveTable("hive://m:9083", "Clinical.Patients", false).name()).isEqualTo("clinical.patients");
  }
}
