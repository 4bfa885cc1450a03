package org.carelake.hive.ranger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.util.ServiceDefUtil;

/**
 * Ranger's service definition for Hive ("hive": resources database/table/column/udf/url/...,
 * lower-case access types, mask types), as shipped inside ranger-plugins-common. There is no Ranger
 * Admin to fetch it from, and a hand-copied definition would drift from the engine's.
 */
public final class HiveServiceDef {
  static final String RESOURCE = "/service-defs/ranger-servicedef-hive.json";
  public static final String SERVICE_TYPE = "hive";

  private HiveServiceDef() {
  }

  /** A fresh, normalized copy (callers may hand it to the engine, which keeps references). */
  public static RangerServiceDef load() {
    try (InputStream in = HiveServiceDef.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath; add "
            + "org.apache.ranger:ranger-plugins-common to the module's dependencies");
      }
      RangerServiceDef def = mapper().readValue(in, RangerServiceDef.class);
      // Fills the mask/row-filter access types and resources from the main definition.
      return ServiceDefUtil.normalize(def);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot parse " + RESOURCE + " from ranger-plugins-common: " + e, e);
    }
  }

  static ObjectMapper mapper() {
    return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
