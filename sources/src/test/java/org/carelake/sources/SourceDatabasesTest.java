package org.carelake.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carelake.catalog.DataCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceDatabasesTest {
  @TempDir
  Path dir;

  @Test
  void embeddedUrlIsAnAbsoluteH2FileUrlWithTheTwoOptions() {
    Path relative = Path.of("target", "..", "lake-db");
    assertThat(SourceDatabases.embeddedH2Url(relative, "ehr")).isEqualTo("jdbc:h2:file:"
        + relative.toAbsolutePath().normalize().resolve("ehr") + ";NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY;AUTO_SERVER=TRUE");
    assertThatThrownBy(() -> SourceDatabases.embeddedH2Url(dir, "../ehr"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../ehr'");
  }

  /** observations.value: without NON_KEYWORDS H2 2.x rejects the unquoted DDL and queries Sqoop uses. */
  @Test
  void nonKeywordsLetTheUnquotedValueColumnThrough() throws SQLException {
    DataCatalog catalog = SampleData.catalog();
    List<String> ddl = SourceSchema.createStatements(catalog.table("observations"), SqlDialect.H2);
    try (Connection c = DriverManager.getConnection(SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "");
        Statement st = c.createStatement()) {
      for (String s : ddl) {
        st.execute(s);
      }
      st.execute("INSERT INTO observations (row_id, value, last_modified) VALUES (1, '101.8', TIMESTAMP '2024-01-01 00:00:00')");
      try (ResultSet rs = st.executeQuery("SELECT value FROM observations WHERE value = '101.8'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("101.8");
      }
    }
    // the control: the same DDL on a plain H2 URL fails on VALUE
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath(), "sa", "");
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.execute(ddl.get(0))).isInstanceOf(SQLException.class);
    }
  }

  /** A second JVM (as Sqoop's child would) reads the file while this one holds it open. */
  @Test
  void autoServerLetsAnotherProcessReadWhileTheFileIsOpen() throws Exception {
    DataCatalog catalog = SampleData.catalog();
    SampleData.loader().csvDirectory(SampleData.sampleDirectory()).catalog(catalog)
        .database("ehr", SourceDatabases.embeddedH2Url(dir, "ehr"), "sa", "")
        .database("billing", SourceDatabases.embeddedH2Url(dir, "billing"), "sa", "")
        .modifiedOn(LocalDate.of(2024, 1, 15)).replaceTables(true).build().load();
    String url = SourceDatabases.embeddedH2Url(dir, "ehr");
    try (Connection held = DriverManager.getConnection(url, "sa", "")) {
      assertThat(held.isValid(5)).isTrue();
      ChildResult child = h2ShellInChildJvm(url, "SELECT COUNT(*) AS N FROM patients");
      assertThat(child.exit).as("child output: %s", child.output).isZero();
      assertThat(child.output).contains("11");
    }
    // the control: without AUTO_SERVER the file is locked by the holder
    String plain = "jdbc:h2:file:" + dir.resolve("plain").toAbsolutePath();
    try (Connection held = DriverManager.getConnection(plain, "sa", "")) {
      ChildResult child = h2ShellInChildJvm(plain, "SELECT 1");
      assertThat(child.exit).isNotZero();
      assertThat(child.output).containsIgnoringCase("already in use");
    }
  }

  private record ChildResult(int exit, String output) {
  }

  private static ChildResult h2ShellInChildJvm(String url, String sql) throws Exception {
    String h2Jar = new File(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", h2Jar, "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", "", "-sql", sql)
        .redirectErrorStream(true).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the H2 shell child JVM did not finish in 90 s");
    }
    return new ChildResult(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
