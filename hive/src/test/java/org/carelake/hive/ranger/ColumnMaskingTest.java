package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.ql.security.HadoopDefaultAuthenticator;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerDataMaskPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemAccess;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemDataMaskInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemRowFilterInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicy.RangerRowFilterPolicyItem;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row filters and column masks become Hive expressions; a mask type the service-def does not
 * know (which the file reader would refuse, but a cached or hand-built policy set can carry)
 * masks to NULL instead of showing the value.
 */
class ColumnMaskingTest {
  private static final UserGroupMapping GROUPS = UserGroupMapping.load(RangerTestSupport.repoGroups());
  private static HiveRangerPlugin plugin;

  @BeforeAll
  static void policies() {
    ServicePolicies sp = new ServicePolicies();
    sp.setServiceName("carelake_hive");
    sp.setServiceId(1L);
    sp.setPolicyVersion(1L);
    sp.setServiceDef(HiveServiceDef.load());
    sp.setPolicies(List.of(
        mask(11, "zip3", "MASK_SHOW_LAST_4", null),
        mask(12, "city", "MASK_BOGUS", null),
        mask(13, "birth_year", "CUSTOM", "floor({col} / 10) * 10"),
        mask(14, "gender", "MASK_NONE", null),
        mask(15, "marital", "MASK_NULL", null),
        mask(16, "race", "CUSTOM", null),
        rowFilter(21, "state = 'MA'")));
    plugin = HiveRangerPlugin.forPolicies(sp, Optional.of(GROUPS));
  }

  @AfterAll
  static void stop() {
    plugin.cleanup();
  }

  private static RangerPolicy mask(long id, String column, String type, String valueExpr) {
    RangerPolicy p = base(id, "mask " + column, RangerPolicy.POLICY_TYPE_DATAMASK);
    p.setResources(Map.of("database", new RangerPolicyResource("clinical"), "table",
        new RangerPolicyResource("patients"), "column", new RangerPolicyResource(column)));
    RangerDataMaskPolicyItem item = new RangerDataMaskPolicyItem();
    item.setGroups(List.of("analysts"));
    item.setAccesses(List.of(new RangerPolicyItemAccess("select")));
    item.setDataMaskInfo(new RangerPolicyItemDataMaskInfo(type, null, valueExpr));
    p.setDataMaskPolicyItems(List.of(item));
    return p;
  }

  private static RangerPolicy rowFilter(long id, String expr) {
    RangerPolicy p = base(id, "filter patients", RangerPolicy.POLICY_TYPE_ROWFILTER);
    p.setResources(Map.of("database", new RangerPolicyResource("clinical"), "table",
        new RangerPolicyResource("patients")));
    RangerRowFilterPolicyItem item = new RangerRowFilterPolicyItem();
    item.setGroups(List.of("analysts"));
    item.setAccesses(List.of(new RangerPolicyItemAccess("select")));
    item.setRowFilterInfo(new RangerPolicyItemRowFilterInfo(expr));
    p.setRowFilterPolicyItems(List.of(item));
    return p;
  }

  private static RangerPolicy base(long id, String name, int type) {
    RangerPolicy p = new RangerPolicy();
    p.setId(id);
    p.setName(name);
    p.setService("carelake_hive");
    p.setPolicyType(type);
    return p;
  }

  private static RangerHiveAuthorizer authorizer(String user) throws Exception {
    HiveConf conf = new HiveConf();
    HadoopDefaultAuthenticator auth = UserGroupInformation.createRemoteUser(user)
        .doAs((PrivilegedExceptionAction<HadoopDefaultAuthenticator>) () -> {
          HadoopDefaultAuthenticator a = new HadoopDefaultAuthenticator();
          a.setConf(conf);
          return a;
        });
    return new RangerHiveAuthorizer(plugin, auth, null);
  }

  @Test
  void analystsGetFilteredRowsAndMaskedColumnsFailingClosed() throws Exception {
    RangerHiveAuthorizer analyst = authorizer("analyst1");
    assertThat(analyst.needTransform()).isTrue();
    HivePrivilegeObject patients = RangerTestSupport.table("clinical", "patients", "patient_token", "zip3", "city",
        "birth_year", "gender", "marital", "race");
    List<HivePrivilegeObject> changed = analyst.applyRowFilterAndColumnMasking(null, List.of(patients));

    assertThat(changed).containsExactly(patients);
    assertThat(patients.getRowFilterExpression()).isEqualTo("state = 'MA'");
    assertThat(patients.getCellValueTransformers()).containsExactly(
        "patient_token",
        "mask_show_last_n(`zip3`, 4, 'x', 'x', 'x', -1, '1')",
        "NULL", // MASK_BOGUS: unknown to the service-def, so nothing of the value is shown
        "floor(`birth_year` / 10) * 10",
        "gender", // MASK_NONE
        "NULL", // MASK_NULL
        "NULL"); // CUSTOM without an expression
  }

  @Test
  void othersAndOtherTablesAreLeftAlone() throws Exception {
    HivePrivilegeObject patients = RangerTestSupport.table("clinical", "patients", "zip3", "city");
    assertThat(authorizer("steward1").applyRowFilterAndColumnMasking(null, List.of(patients))).isEmpty();
    assertThat(patients.getRowFilterExpression()).isNull();
    assertThat(patients.getCellValueTransformers()).containsExactly("zip3", "city");

    HivePrivilegeObject encounters = RangerTestSupport.table("clinical", "encounters", "code");
    assertThat(authorizer("analyst1").applyRowFilterAndColumnMasking(null, List.of(encounters))).isEmpty();
    assertThat(encounters.getRowFilterExpression()).isNull();
  }
}
