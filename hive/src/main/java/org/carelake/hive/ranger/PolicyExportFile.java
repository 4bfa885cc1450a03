package org.carelake.hive.ranger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.ranger.plugin.model.RangerPolicy;

/**
 * Ranger Admin's policy export format: {@code {"metaDataInfo": {...}, "policies": [RangerPolicy...]}}.
 * Ranger's own holder (RangerExportPolicyList) lives in security-admin, which is not a library;
 * the policies themselves are read with Ranger's model class.
 */
public final class PolicyExportFile {
  private Map<String, Object> metaDataInfo = new LinkedHashMap<>();
  private List<RangerPolicy> policies = new ArrayList<>();

  public Map<String, Object> getMetaDataInfo() {
    return metaDataInfo;
  }

  public void setMetaDataInfo(Map<String, Object> metaDataInfo) {
    this.metaDataInfo = metaDataInfo;
  }

  public List<RangerPolicy> getPolicies() {
    return policies;
  }

  public void setPolicies(List<RangerPolicy> policies) {
    this.policies = policies;
  }
}
