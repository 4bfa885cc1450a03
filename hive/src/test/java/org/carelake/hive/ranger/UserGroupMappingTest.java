package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserGroupMappingTest {
  @TempDir
  Path tmp;

  @Test
  void theLocalFileMapsTheFourLocalUsers() {
    UserGroupMapping m = UserGroupMapping.load(RangerTestSupport.repoGroups());
    assertThat(m.users()).containsExactly("analyst1", "analyst2", "steward1", "etl", "researcher1");
    assertThat(m.groupsOf("analyst1")).containsExactly("analysts");
    assertThat(m.groupsOf("analyst2")).containsExactly("analysts");
    assertThat(m.groupsOf("steward1")).containsExactly("phi_stewards");
    assertThat(m.groupsOf("etl")).containsExactly("etl");
    assertThat(m.groupsOf("mallory")).isEmpty();
  }

  @Test
  void severalGroupsCommentsAndBlankLines() throws Exception {
    Path f = tmp.resolve("g.properties");
    Files.writeString(f, "# comment\n\n  ops1 = etl, analysts \n");
    assertThat(UserGroupMapping.load(f).groupsOf("ops1")).containsExactly("etl", "analysts");
  }

  @Test
  void aMalformedLineIsNamedByFileAndLine() throws Exception {
    Path f = tmp.resolve("bad.properties");
    Files.writeString(f, "analyst1=analysts\nsteward1 phi_stewards\n");
    assertThatThrownBy(() -> UserGroupMapping.load(f)).hasMessageContaining(f + ":2");
    Files.writeString(f, "analyst1=analysts,,x\n");
    assertThatThrownBy(() -> UserGroupMapping.load(f)).hasMessageContaining(f + ":1").hasMessageContaining("''");
    Files.writeString(f, "analyst1=a\nanalyst1=b\n");
    assertThatThrownBy(() -> UserGroupMapping.load(f)).hasMessageContaining("listed twice");
    assertThatThrownBy(() -> UserGroupMapping.load(tmp.resolve("none"))).hasMessageContaining("Cannot read");
  }
}
