package org.carelake.hive.ranger;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HiveOperationType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivObjectActionType;
import org.apache.hadoop.hive.ql.security.authorization.plugin.HivePrivilegeObject.HivePrivilegeObjectType;
import org.apache.ranger.plugin.policyengine.RangerPolicyEngine;

/**
 * Which Ranger access type (from the Hive service-def) a Hive operation needs on one object.
 * Follows Apache Ranger's Hive plugin so that policies exported from a real Ranger mean the same
 * here; where that plugin skips a check, CareLake fails closed instead: an operation type not
 * listed needs "select" on what it reads and "alter" on what it writes.
 */
final class HiveAccess {
  static final String SELECT = "select";
  static final String UPDATE = "update";
  static final String CREATE = "create";
  static final String DROP = "drop";
  static final String ALTER = "alter";
  static final String LOCK = "lock";
  static final String READ = "read";
  static final String WRITE = "write";
  static final String REPLADMIN = "repladmin";
  static final String SERVICEADMIN = "serviceadmin";
  static final String TEMPUDFADMIN = "tempudfadmin";
  /** Any access at all on the object or below it: enough to see that it exists (USE, SHOW). */
  static final String ANY = RangerPolicyEngine.ANY_ACCESS;

  /** Operations that touch no data or metadata Ranger governs (session settings, role commands). */
  private static final Set<HiveOperationType> UNCHECKED = EnumSet.of(
      HiveOperationType.SET, HiveOperationType.RESET, HiveOperationType.SHOWCONF,
      HiveOperationType.SHOWFUNCTIONS, HiveOperationType.DESCFUNCTION, HiveOperationType.RELOADFUNCTION,
      HiveOperationType.CREATEMACRO, HiveOperationType.DROPMACRO,
      HiveOperationType.SHOWLOCKS, HiveOperationType.SHOW_COMPACTIONS, HiveOperationType.SHOW_TRANSACTIONS,
      HiveOperationType.START_TRANSACTION, HiveOperationType.COMMIT, HiveOperationType.ROLLBACK,
      HiveOperationType.SET_AUTOCOMMIT,
      // Roles and grants live in the Ranger policy files; the authorizer refuses these commands itself.
      HiveOperationType.CREATEROLE, HiveOperationType.DROPROLE, HiveOperationType.GRANT_ROLE,
      HiveOperationType.REVOKE_ROLE, HiveOperationType.GRANT_PRIVILEGE, HiveOperationType.REVOKE_PRIVILEGE,
      HiveOperationType.SHOW_GRANT, HiveOperationType.SHOW_ROLES, HiveOperationType.SHOW_ROLE_GRANT,
      HiveOperationType.SHOW_ROLE_PRINCIPALS,
      // JDBC DatabaseMetaData calls: they list names, never data (as in Ranger's Hive plugin).
      HiveOperationType.GET_CATALOGS, HiveOperationType.GET_COLUMNS, HiveOperationType.GET_FUNCTIONS,
      HiveOperationType.GET_SCHEMAS, HiveOperationType.GET_TABLES, HiveOperationType.GET_TABLETYPES,
      HiveOperationType.GET_TYPEINFO);

  private static final Set<HiveOperationType> CREATE_TABLE_LIKE = EnumSet.of(HiveOperationType.CREATETABLE,
      HiveOperationType.CREATEVIEW, HiveOperationType.CREATETABLE_AS_SELECT, HiveOperationType.CREATE_MATERIALIZED_VIEW);

  private static final Set<HiveOperationType> DROPS = EnumSet.of(HiveOperationType.DROPDATABASE,
      HiveOperationType.DROPTABLE, HiveOperationType.DROPVIEW, HiveOperationType.DROP_MATERIALIZED_VIEW);

  private static final Set<HiveOperationType> READS = EnumSet.of(HiveOperationType.QUERY, HiveOperationType.EXPLAIN,
      HiveOperationType.SHOW_TABLESTATUS, HiveOperationType.SHOW_CREATETABLE, HiveOperationType.SHOWPARTITIONS,
      HiveOperationType.SHOW_TBLPROPERTIES, HiveOperationType.ANALYZE_TABLE, HiveOperationType.SHOWCOLUMNS,
      HiveOperationType.DESCTABLE, HiveOperationType.CACHE_METADATA,
      // a prepared statement's objects: select on what it reads, alter on what it writes (as a query)
      HiveOperationType.PREPARE, HiveOperationType.EXECUTE);

  private static final Set<HiveOperationType> METADATA_VISIBILITY = EnumSet.of(HiveOperationType.SHOWDATABASES,
      HiveOperationType.SWITCHDATABASE, HiveOperationType.DESCDATABASE, HiveOperationType.SHOWTABLES,
      HiveOperationType.SHOWVIEWS, HiveOperationType.SHOWMATERIALIZEDVIEWS, HiveOperationType.SHOW_CREATEDATABASE);

  private static final Set<HiveOperationType> LOCKS = EnumSet.of(HiveOperationType.LOCKDB,
      HiveOperationType.UNLOCKDB, HiveOperationType.LOCKTABLE, HiveOperationType.UNLOCKTABLE);

  private static final Set<HiveOperationType> REPLICATION = EnumSet.of(HiveOperationType.REPLDUMP,
      HiveOperationType.REPLLOAD, HiveOperationType.REPLSTATUS);

  private static final Set<HiveOperationType> SERVICE_ADMIN = EnumSet.of(HiveOperationType.KILL_QUERY,
      HiveOperationType.CREATE_RESOURCEPLAN, HiveOperationType.SHOW_RESOURCEPLAN, HiveOperationType.ALTER_RESOURCEPLAN,
      HiveOperationType.DROP_RESOURCEPLAN, HiveOperationType.CREATE_TRIGGER, HiveOperationType.ALTER_TRIGGER,
      HiveOperationType.DROP_TRIGGER, HiveOperationType.CREATE_POOL, HiveOperationType.ALTER_POOL,
      HiveOperationType.DROP_POOL, HiveOperationType.CREATE_MAPPING, HiveOperationType.ALTER_MAPPING,
      HiveOperationType.DROP_MAPPING, HiveOperationType.LLAP_CACHE_PURGE, HiveOperationType.LLAP_CLUSTER_INFO,
      HiveOperationType.ABORT_TRANSACTIONS, HiveOperationType.ABORT_COMPACTION,
      // Data connectors and scheduled queries: their objects have no resource in Ranger's Hive
      // service-def either, so the authorizer denies them (HiveResources).
      HiveOperationType.CREATEDATACONNECTOR, HiveOperationType.DROPDATACONNECTOR,
      HiveOperationType.SHOWDATACONNECTORS, HiveOperationType.DESCDATACONNECTOR,
      HiveOperationType.CREATE_SCHEDULED_QUERY, HiveOperationType.DROP_SCHEDULED_QUERY);

  /** Session resources (ADD JAR, COMPILE, DELETE JAR): code that runs inside HiveServer2. */
  private static final Set<HiveOperationType> SESSION_CODE = EnumSet.of(HiveOperationType.ADD,
      HiveOperationType.DELETE, HiveOperationType.COMPILE);

  private HiveAccess() {
  }

  static boolean unchecked(HiveOperationType op) {
    return UNCHECKED.contains(op);
  }

  /**
   * Whether a rule above names {@code op} (the fail-closed default is for operation types a future
   * Hive adds); a test holds every HiveOperationType of this Hive to this.
   */
  static boolean hasRule(HiveOperationType op) {
    return Stream.of(UNCHECKED, CREATE_TABLE_LIKE, DROPS, READS, METADATA_VISIBILITY, LOCKS, REPLICATION, SERVICE_ADMIN,
        SESSION_CODE).anyMatch(set -> set.contains(op))
        || op.name().startsWith("ALTER")
        || EnumSet.of(HiveOperationType.DFS, HiveOperationType.MSCK, HiveOperationType.CREATEDATABASE,
            HiveOperationType.TRUNCATETABLE, HiveOperationType.LOAD, HiveOperationType.EXPORT, HiveOperationType.IMPORT,
            HiveOperationType.CREATEFUNCTION, HiveOperationType.DROPFUNCTION).contains(op);
  }

  /**
   * The access type {@code op} needs on {@code obj}, or empty when the object needs no check in
   * this operation (e.g. the database a new table is created in: the table itself is checked).
   */
  static Optional<String> of(HiveOperationType op, HivePrivilegeObject obj, boolean input) {
    if (UNCHECKED.contains(op)) {
      return Optional.empty();
    }
    HivePrivilegeObjectType type = obj.getType();
    if (type == HivePrivilegeObjectType.DFS_URI || type == HivePrivilegeObjectType.LOCAL_URI) {
      // External table LOCATIONs, LOAD DATA paths, INSERT OVERWRITE DIRECTORY: Ranger "url" policies.
      return Optional.of(input ? READ : WRITE);
    }
    if (SESSION_CODE.contains(op)) {
      return Optional.of(TEMPUDFADMIN);
    }
    if (type == HivePrivilegeObjectType.FUNCTION) {
      return function(op, obj);
    }
    if (op == HiveOperationType.CREATEFUNCTION || op == HiveOperationType.DROPFUNCTION) {
      // The database a permanent function is created in: the function object itself is checked.
      return Optional.empty();
    }
    HivePrivObjectActionType action = obj.getActionType();
    if (action == HivePrivObjectActionType.INSERT || action == HivePrivObjectActionType.INSERT_OVERWRITE
        || action == HivePrivObjectActionType.UPDATE || action == HivePrivObjectActionType.DELETE) {
      return Optional.of(UPDATE);
    }
    if (op == HiveOperationType.CREATEDATABASE) {
      return type == HivePrivilegeObjectType.DATABASE ? Optional.of(CREATE) : Optional.of(input ? SELECT : ALTER);
    }
    if (CREATE_TABLE_LIKE.contains(op)) {
      if (type == HivePrivilegeObjectType.DATABASE) {
        return Optional.empty();
      }
      return Optional.of(input ? SELECT : CREATE);
    }
    if (DROPS.contains(op)) {
      return Optional.of(DROP);
    }
    if (op.name().startsWith("ALTER") || op == HiveOperationType.MSCK) {
      return Optional.of(ALTER);
    }
    if (op == HiveOperationType.TRUNCATETABLE) {
      return Optional.of(UPDATE);
    }
    if (op == HiveOperationType.LOAD || op == HiveOperationType.EXPORT) {
      return Optional.of(input ? SELECT : UPDATE);
    }
    if (op == HiveOperationType.IMPORT) {
      return Optional.of(input ? SELECT : CREATE);
    }
    if (READS.contains(op)) {
      return Optional.of(input ? SELECT : ALTER);
    }
    if (METADATA_VISIBILITY.contains(op)) {
      return Optional.of(ANY);
    }
    if (LOCKS.contains(op)) {
      return Optional.of(LOCK);
    }
    if (REPLICATION.contains(op)) {
      return Optional.of(REPLADMIN);
    }
    if (SERVICE_ADMIN.contains(op)) {
      return Optional.of(SERVICEADMIN);
    }
    // Fail closed for anything not mapped above.
    return Optional.of(input ? SELECT : ALTER);
  }

  private static Optional<String> function(HiveOperationType op, HivePrivilegeObject obj) {
    boolean temporary = obj.getDbname() == null || obj.getDbname().isEmpty();
    if (op == HiveOperationType.CREATEFUNCTION || op == HiveOperationType.DROPFUNCTION) {
      if (temporary) {
        return Optional.of(TEMPUDFADMIN);
      }
      return Optional.of(op == HiveOperationType.CREATEFUNCTION ? CREATE : DROP);
    }
    // A permanent function used in a query: "select" on database/udf.
    return Optional.of(SELECT);
  }
}
