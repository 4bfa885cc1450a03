package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivObjectActionType;
import org.junit.jupiter.api.Test;

/** Every operation type of this Hive has a named access rule; none falls through to the default. */
class HiveAccessTest {
  @Test
  void everyHiveOperationTypeHasARule() {
    List<HiveOperationType> without = Arrays.stream(HiveOperationType.values()).filter(op -> !HiveAccess.hasRule(op))
        .toList();
    assertThat(without).as("operation types that only the fail-closed default covers; map them in HiveAccess").isEmpty();
  }

  @Test
  void theOperationsOfThePipelineAndOfAnalystsNeedTheExpectedAccess() {
    HivePrivilegeObject table = RangerTestSupport.table("clinical", "encounters", "code");
    HivePrivilegeObject overwritten = RangerTestSupport.written("snapshot", "patient_profile",
        HivePrivObjectActionType.INSERT_OVERWRITE);
    assertThat(HiveAccess.of(HiveOperationType.QUERY, table, true)).contains("select");
    assertThat(HiveAccess.of(HiveOperationType.QUERY, overwritten, false)).contains("update");
    assertThat(HiveAccess.of(HiveOperationType.EXPLAIN, table, true)).contains("select");
    assertThat(HiveAccess.of(HiveOperationType.CREATETABLE, table, false)).contains("create");
    assertThat(HiveAccess.of(HiveOperationType.CREATEVIEW, table, true)).contains("select");
    assertThat(HiveAccess.of(HiveOperationType.ALTERTABLE_ADDPARTS, table, false)).contains("alter");
    assertThat(HiveAccess.of(HiveOperationType.MSCK, table, false)).contains("alter");
    assertThat(HiveAccess.of(HiveOperationType.DROPTABLE, table, false)).contains("drop");
    assertThat(HiveAccess.of(HiveOperationType.SHOWPARTITIONS, table, true)).contains("select");
    assertThat(HiveAccess.of(HiveOperationType.DESCTABLE, table, true)).contains("select");
    assertThat(HiveAccess.of(HiveOperationType.SWITCHDATABASE, RangerTestSupport.database("clinical"), true))
        .contains(HiveAccess.ANY);
    assertThat(HiveAccess.of(HiveOperationType.SET, table, true)).isEmpty();
    assertThat(HiveAccess.of(HiveOperationType.CREATE_SCHEDULED_QUERY, table, false)).contains("serviceadmin");
    assertThat(HiveAccess.of(HiveOperationType.PREPARE, table, true)).contains("select");
  }
}
