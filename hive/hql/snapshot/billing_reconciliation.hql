-- snapshot.billing_reconciliation, partition dt=${dt}: where the clinical record and the billing record of the
-- general zone disagree as of business date ${dt}, one row per finding:
--   CONDITION_NEVER_BILLED            a condition whose SNOMED CT code no claim of the patient lists as a diagnosis
--   DIAGNOSIS_WITHOUT_CLINICAL_RECORD a claim diagnosis (diagnosis1..8) for which the patient has no condition
--   CLAIM_WITHOUT_ENCOUNTER           a claim whose appointmentid names no encounter
--   CHARGES_PAYMENTS_MISMATCH         a claim whose charges differ from its payments + adjustments + outstanding
-- Variables: dt (YYYY-MM-DD), snapshot_root (no trailing slash).
-- Needs: the clinical tables and their partitions up to ${dt}, snapshot.condition_code_map, and
-- snapshot.patient_profile for ${dt} (hive/hql/snapshot/patient_profile.hql runs first).
-- Rerunnable: both writes are INSERT OVERWRITE of the partition for ${dt}.

CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.billing_reconciliation (
  patient_token STRING COMMENT 'patient token',
  organization STRING COMMENT 'organization of the encounter the finding is about; else of the patient\'s latest encounter (analysts are row-filtered on it)',
  finding STRING COMMENT 'CONDITION_NEVER_BILLED, DIAGNOSIS_WITHOUT_CLINICAL_RECORD, CLAIM_WITHOUT_ENCOUNTER or CHARGES_PAYMENTS_MISMATCH',
  claim_token STRING COMMENT 'the claim (clinical.claims.id), when the finding is about one',
  encounter_token STRING COMMENT 'the encounter: of the condition, or the one the claim names (appointmentid)',
  snomed_code STRING COMMENT 'the condition or claim diagnosis code (SNOMED CT), for the two diagnosis findings',
  icd10cm_code STRING COMMENT 'its ICD-10-CM code (snapshot.condition_code_map, the preferred alternative)',
  charges DECIMAL(18,2) COMMENT 'CHARGES_PAYMENTS_MISMATCH: sum of the claim\'s CHARGE amounts',
  settled DECIMAL(18,2) COMMENT 'CHARGES_PAYMENTS_MISMATCH: sum of its PAYMENT payments and ADJUSTMENT adjustments',
  outstanding DECIMAL(18,2) COMMENT 'CHARGES_PAYMENTS_MISMATCH: outstanding1 + outstanding2 + outstandingp of the claim',
  difference DECIMAL(18,2) COMMENT 'CHARGES_PAYMENTS_MISMATCH: charges - settled - outstanding (never 0)'
)
COMMENT 'per business date: conditions never billed, billed diagnoses without a clinical record, claims without an encounter, charge/payment mismatches'
PARTITIONED BY (dt STRING COMMENT 'business date the findings describe, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${snapshot_root}/billing_reconciliation';

-- Built here, published by the last statement (no statement reads and writes one table).
CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.billing_reconciliation_build LIKE snapshot.billing_reconciliation
LOCATION '${snapshot_root}/_build/billing_reconciliation';

-- The current versions below are each used by more than one branch: materialize every CTE used twice or
-- more (instead of recomputing it per use, one MapReduce job each time).
SET hive.optimize.cte.materialize.threshold=2;

-- Current version of each row as of ${dt}: its version in the greatest dt <= ${dt} (see patient_profile.hql).
WITH
claims_now AS (
  SELECT id, patientid, appointmentid,
         array(diagnosis1, diagnosis2, diagnosis3, diagnosis4, diagnosis5, diagnosis6, diagnosis7, diagnosis8) AS dx,
         coalesce(outstanding1, 0) + coalesce(outstanding2, 0) + coalesce(outstandingp, 0) AS outstanding
  FROM (
    SELECT c.*, row_number() OVER (PARTITION BY id ORDER BY dt DESC, row_id DESC) AS version
    FROM clinical.claims c
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
),
encounters_now AS (
  SELECT id, organization
  FROM (
    SELECT id, organization, row_number() OVER (PARTITION BY id ORDER BY dt DESC, row_id DESC) AS version
    FROM clinical.encounters
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
),
conditions_now AS (
  SELECT patient, encounter, code
  FROM (
    SELECT patient, encounter, code, row_number() OVER (PARTITION BY row_id ORDER BY dt DESC) AS version
    FROM clinical.conditions
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
),
transactions_by_claim AS (
  SELECT claimid,
         sum(CASE WHEN `type` = 'CHARGE' THEN amount END) AS charges,
         sum(CASE WHEN `type` = 'PAYMENT' THEN payments WHEN `type` = 'ADJUSTMENT' THEN adjustments END) AS settled
  FROM (
    SELECT claimid, `type`, amount, payments, adjustments,
           row_number() OVER (PARTITION BY id ORDER BY dt DESC, row_id DESC) AS version
    FROM clinical.claims_transactions
    WHERE dt <= '${dt}'
  ) v
  WHERE version = 1
  GROUP BY claimid
),
-- one row per distinct (claim, diagnosis code); Synthea leaves unused diagnosis slots empty
claim_diagnoses AS (
  SELECT DISTINCT c.id AS claim, c.patientid AS patient, c.appointmentid, d.code
  FROM claims_now c
  LATERAL VIEW explode(c.dx) d AS code
  WHERE d.code IS NOT NULL AND d.code <> ''
),
findings AS (
  SELECT c.patient, e.organization, 'CONDITION_NEVER_BILLED' AS finding, CAST(NULL AS STRING) AS claim,
         c.encounter, c.code, CAST(NULL AS DECIMAL(18,2)) AS charges, CAST(NULL AS DECIMAL(18,2)) AS settled,
         CAST(NULL AS DECIMAL(18,2)) AS outstanding
  FROM conditions_now c
  LEFT JOIN (SELECT DISTINCT patient, code FROM claim_diagnoses) b ON b.patient = c.patient AND b.code = c.code
  LEFT JOIN encounters_now e ON e.id = c.encounter
  WHERE b.patient IS NULL
  UNION ALL
  SELECT d.patient, e.organization, 'DIAGNOSIS_WITHOUT_CLINICAL_RECORD', d.claim, d.appointmentid, d.code,
         CAST(NULL AS DECIMAL(18,2)), CAST(NULL AS DECIMAL(18,2)), CAST(NULL AS DECIMAL(18,2))
  FROM claim_diagnoses d
  LEFT JOIN (SELECT DISTINCT patient, code FROM conditions_now) k ON k.patient = d.patient AND k.code = d.code
  LEFT JOIN encounters_now e ON e.id = d.appointmentid
  WHERE k.patient IS NULL
  UNION ALL
  SELECT c.patientid, CAST(NULL AS STRING), 'CLAIM_WITHOUT_ENCOUNTER', c.id, c.appointmentid, CAST(NULL AS STRING),
         CAST(NULL AS DECIMAL(18,2)), CAST(NULL AS DECIMAL(18,2)), CAST(NULL AS DECIMAL(18,2))
  FROM claims_now c
  LEFT JOIN encounters_now e ON e.id = c.appointmentid
  WHERE e.id IS NULL
  UNION ALL
  SELECT c.patientid, e.organization, 'CHARGES_PAYMENTS_MISMATCH', c.id, c.appointmentid, CAST(NULL AS STRING),
         CAST(coalesce(t.charges, 0) AS DECIMAL(18,2)), CAST(coalesce(t.settled, 0) AS DECIMAL(18,2)),
         CAST(c.outstanding AS DECIMAL(18,2))
  FROM claims_now c
  LEFT JOIN transactions_by_claim t ON t.claimid = c.id
  LEFT JOIN encounters_now e ON e.id = c.appointmentid
  WHERE coalesce(t.charges, 0) - coalesce(t.settled, 0) - c.outstanding <> 0
)
INSERT OVERWRITE TABLE snapshot.billing_reconciliation_build PARTITION (dt='${dt}')
SELECT f.patient,
       coalesce(f.organization, p.organization),
       f.finding,
       f.claim,
       f.encounter,
       f.code,
       m.icd10cm_code,
       f.charges,
       f.settled,
       f.outstanding,
       f.charges - f.settled - f.outstanding
FROM findings f
LEFT JOIN (SELECT patient_token, organization FROM snapshot.patient_profile WHERE dt = '${dt}') p
  ON p.patient_token = f.patient
LEFT JOIN (SELECT snomed_code, icd10cm_code FROM snapshot.condition_code_map WHERE preferred) m
  ON m.snomed_code = f.code;

-- Publish: replaces the partition for ${dt} in one statement that reads only the build.
INSERT OVERWRITE TABLE snapshot.billing_reconciliation PARTITION (dt='${dt}')
SELECT patient_token, organization, finding, claim_token, encounter_token, snomed_code, icd10cm_code, charges, settled,
       outstanding, difference
FROM snapshot.billing_reconciliation_build
WHERE dt = '${dt}';

-- back to Hive's default for the statements after this script on the same session
SET hive.optimize.cte.materialize.threshold=-1;
