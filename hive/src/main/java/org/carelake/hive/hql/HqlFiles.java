package org.carelake.hive.hql;

/**
 * The project's HQL files (paths relative to the CareLake home, as an Oozie hive2 action names
 * them), the Hive databases they create and the variables they take.
 */
public final class HqlFiles {
  /** Creates the databases. Variables: general_root, limited_root, restricted_root, snapshot_root. */
  public static final String DATABASES = "hive/hql/ddl/databases.hql";
  /** Generated: clinical.* over the general zone. Variables: general_root. */
  public static final String CLINICAL_TABLES = "hive/hql/ddl/clinical_tables.hql";
  /** Generated: clinical_limited.* over the limited-data-set zone. Variables: limited_root. */
  public static final String CLINICAL_LIMITED_TABLES = "hive/hql/ddl/clinical_limited_tables.hql";
  /**
   * Generated: phi_restricted.* over the restricted and quarantine zones. Variables: restricted_root,
   * quarantine_root.
   */
  public static final String PHI_RESTRICTED_TABLES = "hive/hql/ddl/phi_restricted_tables.hql";
  /**
   * Generated: registers partition dt of every table. Variables: dt, general_root, restricted_root,
   * quarantine_root.
   */
  public static final String ADD_PARTITIONS = "hive/hql/partitions/add_partitions.hql";
  /**
   * Stewards' re-identification view phi_restricted.patient_profile_identified (snapshot joined to
   * the identities by patient token). No variables.
   */
  public static final String REIDENTIFICATION = "hive/hql/steward/reidentification.hql";
  /**
   * Creates database entitlements and entitlements.analyst_organizations (read by the analysts'
   * row filters) over a location security admins manage. Variables: entitlements_root.
   */
  public static final String ENTITLEMENTS = "hive/hql/ddl/entitlements.hql";
  /** Generated from the Synthea jar: snapshot.condition_code_map. Variables: snapshot_root. */
  public static final String CONDITION_CODE_MAP = "hive/hql/snapshot/condition_code_map.hql";
  /** snapshot.lab_reference_range: normal ranges of numeric lab results. Variables: snapshot_root. */
  public static final String LAB_REFERENCE_RANGES = "hive/hql/snapshot/lab_reference_ranges.hql";
  /** Builds snapshot.patient_profile for dt. Variables: dt, snapshot_root. */
  public static final String PATIENT_PROFILE = "hive/hql/snapshot/patient_profile.hql";
  /** Builds snapshot.billing_reconciliation for dt (after the profile). Variables: dt, snapshot_root. */
  public static final String BILLING_RECONCILIATION = "hive/hql/snapshot/billing_reconciliation.hql";

  public static final String CLINICAL_DB = "clinical";
  public static final String PHI_RESTRICTED_DB = "phi_restricted";
  public static final String SNAPSHOT_DB = "snapshot";
  /** The limited data set (dates kept): PHI, only lds_researchers, stewards and etl. */
  public static final String LIMITED_DB = "clinical_limited";
  public static final String ENTITLEMENTS_DB = "entitlements";

  /** Business date YYYY-MM-DD of the partition to register or build. */
  public static final String DT = "dt";
  /** Root of the general zone (holds &lt;table&gt;/dt=D/*.parquet), e.g. s3a://bucket/general. */
  public static final String GENERAL_ROOT = "general_root";
  /** Root of the limited-data-set zone. */
  public static final String LIMITED_ROOT = "limited_root";
  /** Root of the restricted zone. */
  public static final String RESTRICTED_ROOT = "restricted_root";
  /** Root of the quarantine zone. */
  public static final String QUARANTINE_ROOT = "quarantine_root";
  /** Root of the snapshot tables (&lt;lake&gt;/snapshot locally). */
  public static final String SNAPSHOT_ROOT = "snapshot_root";
  /**
   * Where security admins keep the entitlement files (holds analyst_organizations/), e.g.
   * file:///.../ranger-policies/entitlements locally.
   */
  public static final String ENTITLEMENTS_ROOT = "entitlements_root";

  private HqlFiles() {
  }

  /** The Hive table over a source table's general zone: clinical.&lt;table&gt;. */
  public static String generalTable(String table) {
    return CLINICAL_DB + "." + table;
  }

  /** The Hive table over a source table's limited-data-set zone: clinical_limited.&lt;table&gt;. */
  public static String limitedTable(String table) {
    return LIMITED_DB + "." + table;
  }

  /** The Hive table over a source table's restricted zone (tables with identifiers only). */
  public static String restrictedTable(String table) {
    return PHI_RESTRICTED_DB + "." + table;
  }

  /** The Hive table over a source table's quarantine zone: phi_restricted.&lt;table&gt;_quarantine. */
  public static String quarantineTable(String table) {
    return PHI_RESTRICTED_DB + "." + table + "_quarantine";
  }
}
