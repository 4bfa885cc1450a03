package org.carelake.hive.hql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HqlScriptTest {

  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    HqlScript s = HqlScript.parse("""
        -- a header; with a semicolon
        CREATE TABLE t (a STRING COMMENT 'x;y', `b;c` INT);  -- trailing; comment
        INSERT INTO t VALUES ("it\\"s;", 1);
        SELECT /* not; a split */ a
        FROM t -- why: ; ignored
        WHERE a = 'it\\'s; fine';
        ;
        SELECT 1;""", "t.hql");
    List<HqlStatement> st = s.bind(Map.of());
    assertThat(st).extracting(HqlStatement::sql).containsExactly(
        "CREATE TABLE t (a STRING COMMENT 'x;y', `b;c` INT)",
        "INSERT INTO t VALUES (\"it\\\"s;\", 1)",
        "SELECT /* not; a split */ a\nFROM t \nWHERE a = 'it\\'s; fine'",
        "SELECT 1");
    assertThat(st).extracting(HqlStatement::line).containsExactly(2, 3, 4, 8);
    assertThat(st.get(2).firstLine()).isEqualTo("SELECT /* not; a split */ a");
    assertThat(st.get(2).where()).isEqualTo("t.hql:4");
  }

  @Test
  void substitutesVariablesInCodeAndStringsButNotInComments() {
    HqlScript s = HqlScript.parse("""
        -- run with ${not_a_variable}
        ALTER TABLE clinical.t ADD IF NOT EXISTS PARTITION (dt='${dt}')
          LOCATION '${general_root}/t/dt=${dt}';
        SELECT '${hiveconf:left.for.hive}';
        """, "p.hql");
    assertThat(s.variables()).containsExactly("dt", "general_root");
    List<HqlStatement> st = s.bind(Map.of("dt", "2024-03-02", "general_root", "s3a://b/general"));
    assertThat(st.get(0).sql()).isEqualTo("ALTER TABLE clinical.t ADD IF NOT EXISTS PARTITION (dt='2024-03-02')\n"
        + "  LOCATION 's3a://b/general/t/dt=2024-03-02'");
    assertThat(st.get(1).sql()).isEqualTo("SELECT '${hiveconf:left.for.hive}'");
  }

  @Test
  void aValueWithDollarSignsOrBackslashReferencesIsInsertedLiterally() {
    HqlScript s = HqlScript.parse("SELECT '${v}';", "v.hql");
    assertThat(s.bind(Map.of("v", "a$1b${x}")).get(0).sql()).isEqualTo("SELECT 'a$1b${x}'");
  }

  @Test
  void aMissingVariableFailsNamingFileLineAndVariable() {
    HqlScript s = HqlScript.parse("SELECT 1;\nSELECT\n  '${dt}', '${general_root}';", "hive/hql/x.hql");
    assertThatThrownBy(() -> s.bind(Map.of("dt", "2024-03-02")))
        .isInstanceOf(HqlException.class)
        .hasMessageContaining("hive/hql/x.hql:3")
        .hasMessageContaining("${general_root}")
        .hasMessageContaining("no value");
  }

  @Test
  void anUnusedVariableFailsNamingFileAndVariable() {
    HqlScript s = HqlScript.parse("SELECT '${dt}';", "hive/hql/y.hql");
    assertThatThrownBy(() -> s.bind(Map.of("dt", "2024-03-02", "genral_root", "/lake/general")))
        .isInstanceOf(HqlException.class)
        .hasMessageContaining("hive/hql/y.hql")
        .hasMessageContaining("genral_root")
        .hasMessageContaining("does not use");
  }

  @Test
  void aValueThatWouldEndItsStringLiteralIsRefused() {
    HqlScript s = HqlScript.parse("SELECT '${dt}';", "z.hql");
    assertThatThrownBy(() -> s.bind(Map.of("dt", "2024'; DROP DATABASE clinical CASCADE; --")))
        .isInstanceOf(HqlException.class)
        .hasMessageContaining("'dt'")
        .hasMessageContaining("z.hql");
  }

  @Test
  void unterminatedQuotesCommentsAndStatementsFailNamingTheLine() {
    assertThatThrownBy(() -> HqlScript.parse("SELECT 1;\nSELECT 'open;\n", "q.hql"))
        .hasMessageContaining("q.hql:2").hasMessageContaining("never closed");
    assertThatThrownBy(() -> HqlScript.parse("SELECT 1;\n\nSELECT /* open;\n", "c.hql"))
        .hasMessageContaining("c.hql:3").hasMessageContaining("*/");
    assertThatThrownBy(() -> HqlScript.parse("SELECT 1;\n-- done\nSELECT 2\n-- no semicolon\n", "s.hql"))
        .hasMessageContaining("s.hql:3").hasMessageContaining("does not end with ';'");
  }

  @Test
  void loadsFilesRelativeToTheHomeAndNamesThemSo(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve("hive/hql"));
    Files.writeString(home.resolve("hive/hql/a.hql"), "SELECT '${x}';\n");
    HqlScript s = HqlScript.load(home, "hive/hql/a.hql");
    assertThat(s.origin()).isEqualTo("hive/hql/a.hql");
    assertThat(s.size()).isEqualTo(1);
    assertThatThrownBy(() -> HqlScript.load(home, "hive/hql/missing.hql"))
        .isInstanceOf(HqlException.class).hasMessageContaining("hive/hql/missing.hql");
  }

  @Test
  void theProjectsHqlFilesParseAndTakeTheDocumentedVariables() {
    Path home = Path.of(System.getProperty("carelake.home"));
    assertThat(HqlScript.load(home, HqlFiles.DATABASES).variables())
        .containsExactlyInAnyOrder(HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT, HqlFiles.RESTRICTED_ROOT,
            HqlFiles.SNAPSHOT_ROOT);
    assertThat(HqlScript.load(home, HqlFiles.CLINICAL_LIMITED_TABLES).variables()).containsExactly(HqlFiles.LIMITED_ROOT);
    assertThat(HqlScript.load(home, HqlFiles.REIDENTIFICATION).variables()).isEmpty();
    assertThat(HqlScript.load(home, HqlFiles.CLINICAL_TABLES).variables()).containsExactly(HqlFiles.GENERAL_ROOT);
    assertThat(HqlScript.load(home, HqlFiles.PHI_RESTRICTED_TABLES).variables())
        .containsExactly(HqlFiles.RESTRICTED_ROOT, HqlFiles.QUARANTINE_ROOT);
    assertThat(HqlScript.load(home, HqlFiles.ADD_PARTITIONS).variables()).containsExactlyInAnyOrder(
        HqlFiles.DT, HqlFiles.GENERAL_ROOT, HqlFiles.LIMITED_ROOT, HqlFiles.RESTRICTED_ROOT, HqlFiles.QUARANTINE_ROOT);
    assertThat(HqlScript.load(home, HqlFiles.PATIENT_PROFILE).variables())
        .containsExactlyInAnyOrder(HqlFiles.DT, HqlFiles.SNAPSHOT_ROOT);
  }
}
