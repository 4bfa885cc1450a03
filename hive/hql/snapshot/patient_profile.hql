-- snapshot.patient_profile, partition dt=${dt}: one de-identified row per patient token, crossing the
-- clinical and billing tables of the general zone as of business date ${dt}.
-- Variables: dt (YYYY-MM-DD), snapshot_root (e.g. s3a://carelake-general/snapshot; no trailing slash).
-- Needs: hive/hql/ddl/databases.hql, the clinical tables and their partitions up to ${dt}, and the reference
-- tables of hive/hql/snapshot/condition_code_map.hql and lab_reference_ranges.hql.
-- Rerunnable: both writes are INSERT OVERWRITE of the partition for ${dt}, so a rerun replaces, never adds.

CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.patient_profile (
  patient_token STRING COMMENT 'patient token (clinical.patients.id): keyed HMAC of the MRN',
  age_band STRING COMMENT '0-17, 18-34, 35-49, 50-64, 65-89 or 90+: year(dt) minus birth year',
  deceased BOOLEAN COMMENT 'true when a death year is recorded',
  sex STRING COMMENT 'gender as recorded',
  zip3 STRING COMMENT 'first three ZIP digits (000 for small areas)',
  state STRING COMMENT 'state of residence',
  demographic_cell_size BIGINT COMMENT 'profiles of dt with the same age_band, sex and zip3 (small cells are masked for analysts)',
  encounter_count BIGINT COMMENT 'encounters up to dt',
  encounters_ambulatory BIGINT COMMENT 'of those, encounterclass ambulatory',
  encounters_emergency BIGINT COMMENT 'of those, encounterclass emergency',
  encounters_inpatient BIGINT COMMENT 'of those, encounterclass inpatient',
  encounters_outpatient BIGINT COMMENT 'of those, encounterclass outpatient',
  encounters_urgentcare BIGINT COMMENT 'of those, encounterclass urgentcare',
  encounters_wellness BIGINT COMMENT 'of those, encounterclass wellness',
  encounters_other BIGINT COMMENT 'of those, any other class (home, hospice, snf, virtual, ...)',
  active_condition_count BIGINT COMMENT 'distinct SNOMED CT codes of conditions without a stop date',
  active_conditions STRING COMMENT 'those codes, sorted, comma-separated; empty when none',
  active_conditions_icd10 STRING COMMENT 'their ICD-10-CM codes (snapshot.condition_code_map, the preferred alternative), sorted, comma-separated; a code Synthea does not map adds none',
  heart_rate DOUBLE COMMENT 'latest heart rate, LOINC 8867-4, /min',
  heart_rate_time TIMESTAMP COMMENT 'its time, date-shifted',
  systolic_bp DOUBLE COMMENT 'latest systolic blood pressure, LOINC 8480-6, mm[Hg]',
  systolic_bp_time TIMESTAMP COMMENT 'its time, date-shifted',
  diastolic_bp DOUBLE COMMENT 'latest diastolic blood pressure, LOINC 8462-4, mm[Hg]',
  diastolic_bp_time TIMESTAMP COMMENT 'its time, date-shifted',
  respiratory_rate DOUBLE COMMENT 'latest respiratory rate, LOINC 9279-1, /min',
  body_temperature DOUBLE COMMENT 'latest body temperature, LOINC 8310-5, Cel',
  oxygen_saturation DOUBLE COMMENT 'latest oxygen saturation, LOINC 2708-6 or 59408-5, %',
  body_weight DOUBLE COMMENT 'latest body weight, LOINC 29463-7, kg',
  body_height DOUBLE COMMENT 'latest body height, LOINC 8302-2, cm',
  bmi DOUBLE COMMENT 'latest body mass index, LOINC 39156-5, kg/m2',
  lab_result_count BIGINT COMMENT 'numeric laboratory results up to dt',
  abnormal_lab_count BIGINT COMMENT 'of those, results outside snapshot.lab_reference_range for their LOINC code and units',
  device_count BIGINT COMMENT 'devices recorded up to dt',
  active_devices STRING COMMENT 'SNOMED CT codes of devices without a stop time, sorted, comma-separated; empty when none',
  claim_count BIGINT COMMENT 'claims up to dt',
  claims_billed BIGINT COMMENT 'of those, awaiting payment: status1, status2 or statusp is BILLED',
  claims_closed BIGINT COMMENT 'of those, closed: every status is CLOSED or empty',
  claims_other BIGINT COMMENT 'of those, any other status',
  total_charges DECIMAL(18,2) COMMENT 'sum of claims_transactions CHARGE amounts',
  total_payments DECIMAL(18,2) COMMENT 'sum of claims_transactions PAYMENT payments',
  outstanding_balance DECIMAL(18,2) COMMENT 'sum of outstanding1 + outstanding2 + outstandingp over the claims',
  organization STRING COMMENT 'organization of the latest encounter (analysts are row-filtered on it)'
)
COMMENT 'one row per patient token per business date: demographics band, utilisation by class, active conditions (SNOMED CT and ICD-10-CM), latest vitals, abnormal labs, devices, billing'
PARTITIONED BY (dt STRING COMMENT 'business date the profile describes, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${snapshot_root}/patient_profile';

-- The build is written here first and published by a second statement, so no statement reads and
-- writes one table (S3-backed tables cannot), and a build that fails half-way leaves the published
-- partition as it was. Partitioned by dt too, so builds of different dates (a backfill) do not
-- overwrite each other.
CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.patient_profile_build LIKE snapshot.patient_profile
LOCATION '${snapshot_root}/_build/patient_profile';

-- Each clinical partition dt=D holds the rows created or changed on D (a windowed, incremental
-- import), so the current version of a row as of ${dt} is its version in the greatest dt <= ${dt}.
-- Rows are identified by their tokenized key (the catalog's key: id for patients, encounters, claims
-- and claims_transactions; row_id for conditions, observations and devices). A row deleted at the
-- source stays: a windowed import cannot see deletions.
--
-- history puts the few facts the profile needs from each event table into one shape, so that a
-- single job finds the current version of every row and a single GROUP BY makes every per-patient
-- figure: on MapReduce each window or GROUP BY is a job of its own, and a version of this query with
-- one window and one GROUP BY per table planned 17 jobs instead of 5. The two reference tables are
-- small and joined map-side, inside the jobs that are there anyway.
WITH
history AS (
  SELECT 'encounter' AS src, id AS rkey, row_id, dt, patient,
         `start` AS t, encounterclass AS code, organization AS detail, CAST(NULL AS STRING) AS unit,
         CAST(NULL AS STRING) AS kind, CAST(NULL AS DECIMAL(14,2)) AS amount
  FROM clinical.encounters
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'condition', row_id, row_id, dt, patient,
         CAST(NULL AS TIMESTAMP), code, IF(`stop` IS NULL, 'active', 'stopped'), CAST(NULL AS STRING),
         CAST(NULL AS STRING), CAST(NULL AS DECIMAL(14,2))
  FROM clinical.conditions
  WHERE dt <= '${dt}'
  UNION ALL
  -- every observation, not just vital signs and labs: a row corrected to another code must drop out
  SELECT 'observation', row_id, row_id, dt, patient,
         `date`, code, `value`, units, concat(coalesce(category, ''), '/', coalesce(`type`, '')),
         CAST(NULL AS DECIMAL(14,2))
  FROM clinical.observations
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'device', row_id, row_id, dt, patient,
         `start`, code, IF(`stop` IS NULL, 'active', 'stopped'), CAST(NULL AS STRING), CAST(NULL AS STRING),
         CAST(NULL AS DECIMAL(14,2))
  FROM clinical.devices
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'claim', id, row_id, dt, patientid,
         CAST(NULL AS TIMESTAMP),
         -- Synthea writes an empty status for a payer the claim does not have
         CASE WHEN 'BILLED' IN (status1, status2, statusp) THEN 'BILLED'
              WHEN coalesce(nullif(status1, ''), 'CLOSED') = 'CLOSED' AND coalesce(nullif(status2, ''), 'CLOSED') = 'CLOSED'
                   AND coalesce(nullif(statusp, ''), 'CLOSED') = 'CLOSED' THEN 'CLOSED'
              ELSE 'OTHER' END,
         CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING),
         coalesce(outstanding1, 0) + coalesce(outstanding2, 0) + coalesce(outstandingp, 0)
  FROM clinical.claims
  WHERE dt <= '${dt}'
  UNION ALL
  SELECT 'transaction', id, row_id, dt, patientid,
         CAST(NULL AS TIMESTAMP), `type`, CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING),
         CASE `type` WHEN 'CHARGE' THEN amount WHEN 'PAYMENT' THEN payments END
  FROM clinical.claims_transactions
  WHERE dt <= '${dt}'
),
history_now AS (
  SELECT src, rkey, patient, t, code, detail, unit, kind, amount
  FROM (
    SELECT h.*, row_number() OVER (PARTITION BY src, rkey ORDER BY dt DESC, row_id DESC) AS version
    FROM history h
  ) v
  WHERE version = 1
),
-- A condition's ICD-10-CM code and a lab result's verdict. The join keys are NULL for the other rows,
-- which therefore never match.
enriched AS (
  SELECT h.src, h.rkey, h.patient, h.t, h.code, h.detail, h.kind, h.amount, m.icd10cm_code AS icd10,
         CASE WHEN h.kind = 'laboratory/numeric' AND CAST(h.detail AS DOUBLE) IS NOT NULL THEN 1 ELSE 0 END AS lab,
         -- coalesce makes each side of the OR a definite boolean: over these outer-joined columns Hive 4.0.1
         -- returned NULL for TRUE OR NULL (and 0 for CASE WHEN r.low IS NOT NULL AND v < r.low), so a
         -- range open on one side judged nothing
         CASE WHEN coalesce(CAST(h.detail AS DOUBLE) < r.low, false)
                   OR coalesce(CAST(h.detail AS DOUBLE) > r.high, false) THEN 1 ELSE 0 END AS abnormal
  FROM history_now h
  LEFT JOIN (SELECT snomed_code, icd10cm_code FROM snapshot.condition_code_map WHERE preferred) m
    ON m.snomed_code = IF(h.src = 'condition', h.code, NULL)
  LEFT JOIN snapshot.lab_reference_range r
    ON r.loinc_code = IF(h.kind = 'laboratory/numeric', h.code, NULL) AND r.units = h.unit
),
-- Dates are shifted by one offset per patient, so their order within a patient is the true order.
-- max() over a struct compares field by field: the latest time wins, ties go to the greater key.
facts AS (
  SELECT patient,
         count(CASE WHEN src = 'encounter' THEN 1 END) AS encounter_count,
         count(CASE WHEN src = 'encounter' AND code = 'ambulatory' THEN 1 END) AS enc_ambulatory,
         count(CASE WHEN src = 'encounter' AND code = 'emergency' THEN 1 END) AS enc_emergency,
         count(CASE WHEN src = 'encounter' AND code = 'inpatient' THEN 1 END) AS enc_inpatient,
         count(CASE WHEN src = 'encounter' AND code = 'outpatient' THEN 1 END) AS enc_outpatient,
         count(CASE WHEN src = 'encounter' AND code = 'urgentcare' THEN 1 END) AS enc_urgentcare,
         count(CASE WHEN src = 'encounter' AND code = 'wellness' THEN 1 END) AS enc_wellness,
         count(CASE WHEN src = 'encounter' AND (code IS NULL
             OR code NOT IN ('ambulatory', 'emergency', 'inpatient', 'outpatient', 'urgentcare', 'wellness')) THEN 1 END)
           AS enc_other,
         max(CASE WHEN src = 'encounter' THEN named_struct('t', t, 'k', rkey, 'organization', detail) END)
           AS latest_encounter,
         sort_array(collect_set(CASE WHEN src = 'condition' AND detail = 'active' THEN code END)) AS active_codes,
         sort_array(collect_set(CASE WHEN src = 'condition' AND detail = 'active' THEN icd10 END)) AS active_icd10,
         max(CASE WHEN src = 'observation' AND code = '8867-4'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS heart_rate,
         max(CASE WHEN src = 'observation' AND code = '8480-6'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS systolic,
         max(CASE WHEN src = 'observation' AND code = '8462-4'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS diastolic,
         max(CASE WHEN src = 'observation' AND code = '9279-1'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS respiratory,
         max(CASE WHEN src = 'observation' AND code = '8310-5'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS temperature,
         max(CASE WHEN src = 'observation' AND code IN ('2708-6', '59408-5')
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS oxygen,
         max(CASE WHEN src = 'observation' AND code = '29463-7'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS weight,
         max(CASE WHEN src = 'observation' AND code = '8302-2'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS height,
         max(CASE WHEN src = 'observation' AND code = '39156-5'
             THEN named_struct('t', t, 'k', rkey, 'v', CAST(detail AS DOUBLE)) END) AS bmi,
         sum(lab) AS lab_results,
         sum(abnormal) AS abnormal_labs,
         count(CASE WHEN src = 'device' THEN 1 END) AS device_count,
         sort_array(collect_set(CASE WHEN src = 'device' AND detail = 'active' THEN code END)) AS active_devices,
         count(CASE WHEN src = 'claim' THEN 1 END) AS claim_count,
         count(CASE WHEN src = 'claim' AND code = 'BILLED' THEN 1 END) AS claims_billed,
         count(CASE WHEN src = 'claim' AND code = 'CLOSED' THEN 1 END) AS claims_closed,
         count(CASE WHEN src = 'claim' AND code = 'OTHER' THEN 1 END) AS claims_other,
         sum(CASE WHEN src = 'claim' THEN amount END) AS outstanding,
         sum(CASE WHEN src = 'transaction' AND code = 'CHARGE' THEN amount END) AS charges,
         sum(CASE WHEN src = 'transaction' AND code = 'PAYMENT' THEN amount END) AS payments
  FROM enriched
  GROUP BY patient
),
patients_now AS (
  SELECT id AS patient_token, deathdate_year, gender, zip3, state,
         -- only the birth year reaches the general zone, so the age is a difference of years
         year('${dt}') - birthdate_year AS age
  FROM (
    SELECT id, birthdate_year, deathdate_year, gender, zip3, state,
           row_number() OVER (PARTITION BY id ORDER BY dt DESC, row_id DESC) AS version
    FROM clinical.patients
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
),
profile AS (
  SELECT p.patient_token,
         CASE WHEN p.age IS NULL OR p.age < 0 THEN NULL
              WHEN p.age < 18 THEN '0-17'
              WHEN p.age < 35 THEN '18-34'
              WHEN p.age < 50 THEN '35-49'
              WHEN p.age < 65 THEN '50-64'
              WHEN p.age < 90 THEN '65-89'
              ELSE '90+' END AS age_band,
         p.deathdate_year IS NOT NULL AS deceased,
         p.gender AS sex,
         p.zip3,
         p.state,
         f.*
  FROM patients_now p
  LEFT JOIN facts f ON f.patient = p.patient_token
)
INSERT OVERWRITE TABLE snapshot.patient_profile_build PARTITION (dt='${dt}')
SELECT patient_token,
       age_band,
       deceased,
       sex,
       zip3,
       state,
       count(*) OVER (PARTITION BY age_band, sex, zip3),
       coalesce(encounter_count, 0),
       coalesce(enc_ambulatory, 0),
       coalesce(enc_emergency, 0),
       coalesce(enc_inpatient, 0),
       coalesce(enc_outpatient, 0),
       coalesce(enc_urgentcare, 0),
       coalesce(enc_wellness, 0),
       coalesce(enc_other, 0),
       CASE WHEN active_codes IS NULL THEN 0 ELSE size(active_codes) END,  -- size(NULL) is -1
       coalesce(concat_ws(',', active_codes), ''),
       coalesce(concat_ws(',', active_icd10), ''),
       heart_rate.v,
       heart_rate.t,
       systolic.v,
       systolic.t,
       diastolic.v,
       diastolic.t,
       respiratory.v,
       temperature.v,
       oxygen.v,
       weight.v,
       height.v,
       bmi.v,
       coalesce(lab_results, 0),
       coalesce(abnormal_labs, 0),
       coalesce(device_count, 0),
       coalesce(concat_ws(',', active_devices), ''),
       coalesce(claim_count, 0),
       coalesce(claims_billed, 0),
       coalesce(claims_closed, 0),
       coalesce(claims_other, 0),
       CAST(coalesce(charges, 0) AS DECIMAL(18,2)),
       CAST(coalesce(payments, 0) AS DECIMAL(18,2)),
       CAST(coalesce(outstanding, 0) AS DECIMAL(18,2)),
       latest_encounter.organization
FROM profile;

-- Publish: replaces the partition for ${dt} in one statement that reads only the build.
INSERT OVERWRITE TABLE snapshot.patient_profile PARTITION (dt='${dt}')
SELECT patient_token, age_band, deceased, sex, zip3, state, demographic_cell_size, encounter_count,
       encounters_ambulatory, encounters_emergency, encounters_inpatient, encounters_outpatient, encounters_urgentcare,
       encounters_wellness, encounters_other, active_condition_count, active_conditions, active_conditions_icd10,
       heart_rate, heart_rate_time, systolic_bp, systolic_bp_time, diastolic_bp, diastolic_bp_time, respiratory_rate,
       body_temperature, oxygen_saturation, body_weight, body_height, bmi, lab_result_count, abnormal_lab_count,
       device_count, active_devices, claim_count, claims_billed, claims_closed, claims_other, total_charges,
       total_payments, outstanding_balance, organization
FROM snapshot.patient_profile_build
WHERE dt = '${dt}';
