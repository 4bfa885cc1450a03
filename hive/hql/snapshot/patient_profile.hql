-- snapshot.patient_profile, partition dt=${dt}: one de-identified row per patient token, crossing the
-- clinical and billing tables of the general zone as of business date ${dt}.
-- Variables: dt (YYYY-MM-DD), snapshot_root (e.g. s3a://carelake-general/snapshot; no trailing slash).
-- Needs: hive/hql/ddl/databases.hql, the clinical tables, and their partitions up to ${dt}.
-- Rerunnable: both writes are INSERT OVERWRITE of the partition for ${dt}, so a rerun replaces, never adds.

CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.patient_profile (
  patient_token STRING COMMENT 'patient token (clinical.patients.id): keyed HMAC of the MRN',
  age_band STRING COMMENT '0-17, 18-34, 35-49, 50-64, 65-89 or 90+: year(dt) minus birth year',
  deceased BOOLEAN COMMENT 'true when a death year is recorded',
  sex STRING COMMENT 'gender as recorded',
  zip3 STRING COMMENT 'first three ZIP digits (000 for small areas)',
  state STRING COMMENT 'state of residence',
  encounter_count BIGINT COMMENT 'encounters up to dt',
  active_condition_count BIGINT COMMENT 'distinct SNOMED CT codes of conditions without a stop date',
  active_conditions STRING COMMENT 'those codes, sorted, comma-separated; empty when none',
  heart_rate DOUBLE COMMENT 'latest heart rate, LOINC 8867-4, /min',
  heart_rate_time TIMESTAMP COMMENT 'its time, date-shifted',
  systolic_bp DOUBLE COMMENT 'latest systolic blood pressure, LOINC 8480-6, mm[Hg]',
  systolic_bp_time TIMESTAMP COMMENT 'its time, date-shifted',
  diastolic_bp DOUBLE COMMENT 'latest diastolic blood pressure, LOINC 8462-4, mm[Hg]',
  diastolic_bp_time TIMESTAMP COMMENT 'its time, date-shifted',
  total_charges DECIMAL(18,2) COMMENT 'sum of claims_transactions CHARGE amounts',
  total_payments DECIMAL(18,2) COMMENT 'sum of claims_transactions PAYMENT payments',
  organization STRING COMMENT 'organization of the latest encounter (analysts are row-filtered on it)'
)
COMMENT 'one row per patient token per business date: demographics band, utilisation, active conditions, latest vitals, billing totals'
PARTITIONED BY (dt STRING COMMENT 'business date the profile describes, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${snapshot_root}/patient_profile';

-- The build is written here first and published by a second statement, so no statement reads and
-- writes one table, and a build that fails half-way leaves the published partition as it was.
-- Partitioned by dt too, so builds of different dates (a backfill) do not overwrite each other.
CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.patient_profile_build LIKE snapshot.patient_profile
LOCATION '${snapshot_root}/_build/patient_profile';

-- Each clinical partition dt=D holds the rows created or changed on D (a windowed, incremental
-- import), so the current version of a row as of ${dt} is its version in the greatest dt <= ${dt}.
-- Rows are identified by their tokenized key (the catalog's key: id for patients, encounters and
-- claims_transactions; row_id for conditions and observations). A row deleted at the source stays:
-- a windowed import cannot see deletions.
--
-- history puts the few facts the profile needs from each event table into one shape, so that a
-- single job finds the current version of every row and a single GROUP BY makes every per-patient
-- figure: on MapReduce each window or GROUP BY is a job of its own, and a version of this query with
-- one window and one GROUP BY per table planned 17 jobs instead of 5.
WITH
history AS (
  SELECT 'encounter' AS src, id AS rkey, row_id, dt, patient,
         `start` AS t, CAST(NULL AS STRING) AS code, organization AS detail, CAST(NULL AS DECIMAL(14,2)) AS amount
  FROM clinical.encounters
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'condition', row_id, row_id, dt, patient,
         CAST(NULL AS TIMESTAMP), code, IF(`stop` IS NULL, 'active', 'stopped'), CAST(NULL AS DECIMAL(14,2))
  FROM clinical.conditions
  WHERE dt <= '${dt}'
  UNION ALL
  -- every observation, not just vital signs: a row corrected to another code must drop out
  SELECT 'observation', row_id, row_id, dt, patient,
         `date`, code, `value`, CAST(NULL AS DECIMAL(14,2))
  FROM clinical.observations
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'transaction', id, row_id, dt, patientid,
         CAST(NULL AS TIMESTAMP), `type`, CAST(NULL AS STRING),
         CASE `type` WHEN 'CHARGE' THEN amount WHEN 'PAYMENT' THEN payments END
  FROM clinical.claims_transactions
  WHERE dt <= '${dt}'
),
history_now AS (
  SELECT src, rkey, patient, t, code, detail, amount
  FROM (
    SELECT h.*, row_number() OVER (PARTITION BY src, rkey ORDER BY dt DESC, row_id DESC) AS version
    FROM history h
  ) v
  WHERE version = 1
),
-- Dates are shifted by one offset per patient, so their order within a patient is the true order.
-- max() over a struct compares field by field: the latest time wins, ties go to the greater key.
facts AS (
  SELECT patient,
         count(CASE WHEN src = 'encounter' THEN 1 END) AS encounter_count,
         max(CASE WHEN src = 'encounter' THEN named_struct('t', t, 'k', rkey, 'organization', detail) END)
           AS latest_encounter,
         sort_array(collect_set(CASE WHEN src = 'condition' AND detail = 'active' THEN code END)) AS active_codes,
         max(CASE WHEN src = 'observation' AND code = '8867-4'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS heart_rate,
         max(CASE WHEN src = 'observation' AND code = '8480-6'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS systolic,
         max(CASE WHEN src = 'observation' AND code = '8462-4'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS diastolic,
         sum(CASE WHEN src = 'transaction' AND code = 'CHARGE' THEN amount END) AS charges,
         sum(CASE WHEN src = 'transaction' AND code = 'PAYMENT' THEN amount END) AS payments
  FROM history_now
  GROUP BY patient
),
patients_now AS (
  SELECT id AS patient_token, birthdate_year, deathdate_year, gender, zip3, state,
         -- only the birth year reaches the general zone, so the age is a difference of years
         year('${dt}') - birthdate_year AS age
  FROM (
    SELECT id, birthdate_year, deathdate_year, gender, zip3, state,
           row_number() OVER (PARTITION BY id ORDER BY dt DESC, row_id DESC) AS version
    FROM clinical.patients
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
)
INSERT OVERWRITE TABLE snapshot.patient_profile_build PARTITION (dt='${dt}')
SELECT p.patient_token,
       CASE WHEN p.age IS NULL OR p.age < 0 THEN NULL
            WHEN p.age < 18 THEN '0-17'
            WHEN p.age < 35 THEN '18-34'
            WHEN p.age < 50 THEN '35-49'
            WHEN p.age < 65 THEN '50-64'
            WHEN p.age < 90 THEN '65-89'
            ELSE '90+' END,
       p.deathdate_year IS NOT NULL,
       p.gender,
       p.zip3,
       p.state,
       coalesce(f.encounter_count, 0),
       CASE WHEN f.active_codes IS NULL THEN 0 ELSE size(f.active_codes) END,  -- size(NULL) is -1
       coalesce(concat_ws(',', f.active_codes), ''),
       f.heart_rate.v,
       f.heart_rate.t,
       f.systolic.v,
       f.systolic.t,
       f.diastolic.v,
       f.diastolic.t,
       CAST(coalesce(f.charges, 0) AS DECIMAL(18,2)),
       CAST(coalesce(f.payments, 0) AS DECIMAL(18,2)),
       f.latest_encounter.organization
FROM patients_now p
LEFT JOIN facts f ON f.patient = p.patient_token;

-- Publish: replaces the partition for ${dt} in one statement that reads only the build.
INSERT OVERWRITE TABLE snapshot.patient_profile PARTITION (dt='${dt}')
SELECT patient_token, age_band, deceased, sex, zip3, state, encounter_count, active_condition_count,
       active_conditions, heart_rate, heart_rate_time, systolic_bp, systolic_bp_time, diastolic_bp,
       diastolic_bp_time, total_charges, total_payments, organization
FROM snapshot.patient_profile_build
WHERE dt = '${dt}';
