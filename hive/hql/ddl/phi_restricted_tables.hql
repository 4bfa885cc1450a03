-- phi_restricted: identifiers (restricted zone) and rejected rows (quarantine zone); PHI, stewards only
-- Variables: restricted_root, quarantine_root
-- Run hive/hql/ddl/databases.hql first. Tables are EXTERNAL: dropping one never deletes lake data.
--
-- GENERATED from catalog/data-classification.json by HiveDdlGenerator: do not edit. After changing the catalog, regenerate
-- from the repository root with:
--   mvn -B -o -q install -pl hive -DskipTests && java -cp "hive/target/classes:$(cat hive/target/classpath.txt)" org.carelake.hive.hql.HiveDdlGenerator --write

-- ehr.patients: identifiers, keyed by patient token
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.patients (
  `patient_token` STRING COMMENT 'patient token: keyed HMAC of the MRN, joins the general zone',
  `record_token` STRING COMMENT 'token of the row key id, as in the general zone',
  `id` STRING COMMENT 'original value (general zone: TOKENIZE patient): MRN',
  `birthdate` DATE COMMENT 'original value (general zone: YEAR_ONLY as birthdate_year)',
  `deathdate` DATE COMMENT 'original value (general zone: YEAR_ONLY as deathdate_year)',
  `ssn` STRING COMMENT 'original value, kept only here: SSN',
  `drivers` STRING COMMENT 'original value, kept only here: driver\'s licence number',
  `passport` STRING COMMENT 'original value, kept only here: passport number',
  `prefix` STRING COMMENT 'original value, kept only here: part of the name',
  `first` STRING COMMENT 'original value, kept only here: name',
  `middle` STRING COMMENT 'original value, kept only here: name (Synthea 3.3.0 and later)',
  `last` STRING COMMENT 'original value, kept only here: name',
  `suffix` STRING COMMENT 'original value, kept only here: part of the name',
  `maiden` STRING COMMENT 'original value, kept only here: name',
  `birthplace` STRING COMMENT 'original value, kept only here: city of birth: geography below state',
  `address` STRING COMMENT 'original value, kept only here: street address',
  `city` STRING COMMENT 'original value, kept only here: geography below state',
  `county` STRING COMMENT 'original value, kept only here: geography below state',
  `fips` STRING COMMENT 'original value, kept only here: county FIPS code',
  `zip` STRING COMMENT 'original value (general zone: ZIP3 as zip3)',
  `lat` DOUBLE COMMENT 'original value, kept only here: geocode',
  `lon` DOUBLE COMMENT 'original value, kept only here: geocode'
)
COMMENT 'identifiers of patients, keyed by patient token (steward re-identification only)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${restricted_root}/patients';

-- ehr.devices: identifiers, keyed by patient token
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.devices (
  `patient_token` STRING COMMENT 'patient token: keyed HMAC of the MRN, joins the general zone',
  `record_token` STRING COMMENT 'token of the row key row_id, as in the general zone',
  `patient` STRING COMMENT 'original value (general zone: TOKENIZE patient)',
  `udi` STRING COMMENT 'original value, kept only here: device identifier / serial number (UDI)'
)
COMMENT 'identifiers of devices, keyed by patient token (steward re-identification only)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${restricted_root}/devices';

-- billing.payer_transitions: identifiers, keyed by patient token
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.payer_transitions (
  `patient_token` STRING COMMENT 'patient token: keyed HMAC of the MRN, joins the general zone',
  `record_token` STRING COMMENT 'token of the row key row_id, as in the general zone',
  `patient` STRING COMMENT 'original value (general zone: TOKENIZE patient)',
  `memberid` STRING COMMENT 'original value (general zone: TOKENIZE member): health plan beneficiary number',
  `owner_name` STRING COMMENT 'original value, kept only here: name of the policy holder'
)
COMMENT 'identifiers of payer_transitions, keyed by patient token (steward re-identification only)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${restricted_root}/payer_transitions';

-- billing.claims_transactions: identifiers, keyed by patient token
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.claims_transactions (
  `patient_token` STRING COMMENT 'patient token: keyed HMAC of the MRN, joins the general zone',
  `record_token` STRING COMMENT 'token of the row key id, as in the general zone',
  `patientid` STRING COMMENT 'original value (general zone: TOKENIZE patient)',
  `notes` STRING COMMENT 'original value, kept only here: free text: may hold any identifier',
  `linenote` STRING COMMENT 'original value, kept only here: free text: may hold any identifier',
  `patientinsuranceid` STRING COMMENT 'original value (general zone: TOKENIZE member): health plan beneficiary number'
)
COMMENT 'identifiers of claims_transactions, keyed by patient token (steward re-identification only)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${restricted_root}/claims_transactions';

-- ehr.patients: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.patients_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of patients the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/patients';

-- ehr.encounters: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.encounters_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of encounters the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/encounters';

-- ehr.conditions: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.conditions_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of conditions the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/conditions';

-- ehr.observations: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.observations_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of observations the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/observations';

-- ehr.procedures: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.procedures_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of procedures the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/procedures';

-- ehr.medications: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.medications_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of medications the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/medications';

-- ehr.immunizations: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.immunizations_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of immunizations the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/immunizations';

-- ehr.allergies: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.allergies_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of allergies the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/allergies';

-- ehr.careplans: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.careplans_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of careplans the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/careplans';

-- ehr.devices: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.devices_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of devices the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/devices';

-- ehr.organizations: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.organizations_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of organizations the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/organizations';

-- ehr.providers: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.providers_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of providers the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/providers';

-- billing.payers: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.payers_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of payers the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/payers';

-- billing.payer_transitions: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.payer_transitions_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of payer_transitions the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/payer_transitions';

-- billing.claims: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.claims_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of claims the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/claims';

-- billing.claims_transactions: quarantine
CREATE EXTERNAL TABLE IF NOT EXISTS phi_restricted.claims_transactions_quarantine (
  `reason` STRING COMMENT 'why the split job rejected the row',
  `column_name` STRING COMMENT 'the column at fault, if one',
  `detail` STRING COMMENT 'what was wrong, without the value',
  `source_record` STRING COMMENT 'the staged source row as read: may hold PHI'
)
COMMENT 'rows of claims_transactions the split job rejected, with the reason'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${quarantine_root}/claims_transactions';
