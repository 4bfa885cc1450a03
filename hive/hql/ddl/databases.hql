-- The three Hive databases of the lake. Run first; every statement is idempotent.
-- Variables: general_root, limited_root, restricted_root, snapshot_root (zone roots, e.g. s3a://carelake-general/general
--            or file:///.../lake/general; no trailing slash).
--
-- Each database's own directory is a hidden _hive/<db>.db folder inside its zone, not the zone root:
-- DROP DATABASE ... CASCADE deletes the database directory, and that must never be a zone. Keeping it
-- inside the zone keeps anything Hive writes there under that zone's storage location and key.
-- The leading underscore hides it from Hadoop input formats reading the zone.

CREATE DATABASE IF NOT EXISTS clinical
  COMMENT 'general zone: de-identified clinical and billing tables (tokens, shifted dates, years, ZIP3); analysts'
  LOCATION '${general_root}/_hive/clinical.db';

-- A limited data set (dates kept; docs/SAFE_HARBOR.md): still PHI. Ranger admits only lds_researchers,
-- stewards and etl (ranger-policies/limited-data-set-policies.json).
CREATE DATABASE IF NOT EXISTS clinical_limited
  COMMENT 'limited data set: de-identified rows with dates kept (PHI under a data use agreement); lds_researchers'
  LOCATION '${limited_root}/_hive/clinical_limited.db';

-- PHI: identifiers and quarantined source rows. Ranger denies every general-side role here.
CREATE DATABASE IF NOT EXISTS phi_restricted
  COMMENT 'restricted zone: identifiers keyed by patient token, and quarantined rows; PHI, data stewards only'
  LOCATION '${restricted_root}/_hive/phi_restricted.db';

CREATE DATABASE IF NOT EXISTS snapshot
  COMMENT 'derived, de-identified snapshots built nightly from clinical (patient_profile); analysts'
  LOCATION '${snapshot_root}/_hive/snapshot.db';
