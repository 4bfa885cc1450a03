package org.carelake.hive.ranger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;

/** The Ranger resources (service-def "hive") that a Hive privilege object stands for. */
final class HiveResources {
  static final String DATABASE = "database";
  static final String TABLE = "table";
  static final String COLUMN = "column";
  static final String UDF = "udf";
  static final String URL = "url";
  static final String HIVESERVICE = "hiveservice";
  static final String GLOBAL = "global";

  private HiveResources() {
  }

  /**
   * One resource per object, except a read of listed columns: one per column, so a column-level
   * policy (or deny) decides each column. Empty for object types this service-def cannot express
   * (data connectors, scheduled queries, storage-handler URIs): the caller denies those.
   */
  static Optional<List<RangerAccessResourceImpl>> of(HivePrivilegeObject obj, String accessType,
      RangerServiceDef def) {
    List<RangerAccessResourceImpl> out = new ArrayList<>();
    switch (obj.getType()) {
      case DATABASE -> out.add(resource(def, DATABASE, obj.getDbname()));
      case TABLE_OR_VIEW, PARTITION, COLUMN -> {
        List<String> columns = obj.getColumns();
        boolean perColumn = columns != null && !columns.isEmpty()
            && (HiveAccess.SELECT.equals(accessType) || obj.getType() == HivePrivilegeObject.HivePrivilegeObjectType.COLUMN);
        if (perColumn) {
          for (String column : columns) {
            out.add(resource(def, DATABASE, obj.getDbname(), TABLE, obj.getObjectName(), COLUMN, column));
          }
        } else {
          out.add(resource(def, DATABASE, obj.getDbname(), TABLE, obj.getObjectName()));
        }
      }
      case FUNCTION -> {
        if (obj.getDbname() == null || obj.getDbname().isEmpty()) {
          out.add(resource(def, GLOBAL, obj.getObjectName() == null ? "*" : obj.getObjectName()));
        } else {
          out.add(resource(def, DATABASE, obj.getDbname(), UDF, obj.getObjectName()));
        }
      }
      case DFS_URI, LOCAL_URI -> out.add(resource(def, URL, obj.getObjectName()));
      case SERVICE_NAME -> out.add(resource(def, HIVESERVICE, obj.getObjectName()));
      case GLOBAL, COMMAND_PARAMS -> out.add(resource(def, GLOBAL, "*"));
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }

  /** The resource database[/table[/column]] for name pairs (key, value, key, value, ...). */
  static RangerAccessResourceImpl resource(RangerServiceDef def, String... keyValues) {
    RangerAccessResourceImpl r = new RangerAccessResourceImpl();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      r.setValue(keyValues[i], keyValues[i + 1]);
    }
    r.setServiceDef(def);
    return r;
  }
}
