-- clinical_limited: the limited data set (dates kept), one external table per source table; PHI, lds_researchers, stewards and etl only
-- Variables: limited_root
-- Run hive/hql/ddl/databases.hql first. Tables are EXTERNAL: dropping one never deletes lake data.
--
-- GENERATED from catalog/data-classification.json by HiveDdlGenerator: do not edit. After changing the catalog, regenerate
-- from the repository root with:
--   mvn -B -o -q install -pl hive -DskipTests && java -cp "hive/target/classes:$(cat hive/target/classpath.txt)" org.carelake.hive.hql.HiveDdlGenerator --write

-- ehr.patients: one row per patient: demographics and direct identifiers (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.patients (
  `row_id` STRING COMMENT 'TOKENIZE (row.patients): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'TOKENIZE (patient): MRN',
  `birthdate` DATE COMMENT 'as in the source (limited-data-set; the general zone has YEAR_ONLY)',
  `deathdate` DATE COMMENT 'as in the source (limited-data-set; the general zone has YEAR_ONLY)',
  `marital` STRING COMMENT 'KEEP',
  `race` STRING COMMENT 'KEEP',
  `ethnicity` STRING COMMENT 'KEEP',
  `gender` STRING COMMENT 'KEEP',
  `state` STRING COMMENT 'KEEP',
  `zip3` STRING COMMENT 'ZIP3 of zip',
  `healthcare_expenses` DECIMAL(14,2) COMMENT 'KEEP',
  `healthcare_coverage` DECIMAL(14,2) COMMENT 'KEEP',
  `income` BIGINT COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.patients (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/patients';

-- ehr.encounters: visits: class, organization, provider, costs (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.encounters (
  `row_id` STRING COMMENT 'TOKENIZE (row.encounters): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'TOKENIZE (encounter)',
  `start` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `organization` STRING COMMENT 'KEEP',
  `provider` STRING COMMENT 'KEEP',
  `payer` STRING COMMENT 'KEEP',
  `encounterclass` STRING COMMENT 'KEEP',
  `code` STRING COMMENT 'KEEP',
  `description` STRING COMMENT 'KEEP',
  `base_encounter_cost` DECIMAL(14,2) COMMENT 'KEEP',
  `total_claim_cost` DECIMAL(14,2) COMMENT 'KEEP',
  `payer_coverage` DECIMAL(14,2) COMMENT 'KEEP',
  `reasoncode` STRING COMMENT 'KEEP',
  `reasondescription` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.encounters (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/encounters';

-- ehr.conditions: diagnoses (SNOMED CT) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.conditions (
  `row_id` STRING COMMENT 'TOKENIZE (row.conditions): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `start` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP: SNOMED CT',
  `system` STRING COMMENT 'KEEP: code system (Synthea 3.3.0 and later)',
  `description` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.conditions (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/conditions';

-- ehr.observations: vital signs, lab results, survey scores (LOINC) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.observations (
  `row_id` STRING COMMENT 'TOKENIZE (row.observations): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `date` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `category` STRING COMMENT 'KEEP',
  `code` STRING COMMENT 'KEEP: LOINC',
  `description` STRING COMMENT 'KEEP',
  `value` STRING COMMENT 'KEEP: a survey answer or result; the PRAPARE Address answer (LOINC 56799-0) is a street address, so it is NULL in the general zone (the address is kept in phi_restricted.patients)',
  `units` STRING COMMENT 'KEEP',
  `type` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.observations (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/observations';

-- ehr.procedures: procedures (SNOMED CT) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.procedures (
  `row_id` STRING COMMENT 'TOKENIZE (row.procedures): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `start` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP',
  `system` STRING COMMENT 'KEEP: code system (Synthea 3.3.0 and later)',
  `description` STRING COMMENT 'KEEP',
  `base_cost` DECIMAL(14,2) COMMENT 'KEEP',
  `reasoncode` STRING COMMENT 'KEEP',
  `reasondescription` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.procedures (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/procedures';

-- ehr.medications: medication orders (RxNorm) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.medications (
  `row_id` STRING COMMENT 'TOKENIZE (row.medications): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `start` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `payer` STRING COMMENT 'KEEP',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP: RxNorm',
  `description` STRING COMMENT 'KEEP',
  `base_cost` DECIMAL(14,2) COMMENT 'KEEP',
  `payer_coverage` DECIMAL(14,2) COMMENT 'KEEP',
  `dispenses` INT COMMENT 'KEEP',
  `totalcost` DECIMAL(14,2) COMMENT 'KEEP',
  `reasoncode` STRING COMMENT 'KEEP',
  `reasondescription` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.medications (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/medications';

-- ehr.immunizations: immunizations (CVX) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.immunizations (
  `row_id` STRING COMMENT 'TOKENIZE (row.immunizations): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `date` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP: CVX',
  `description` STRING COMMENT 'KEEP',
  `base_cost` DECIMAL(14,2) COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.immunizations (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/immunizations';

-- ehr.allergies: allergies and intolerances (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.allergies (
  `row_id` STRING COMMENT 'TOKENIZE (row.allergies): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `start` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP',
  `system` STRING COMMENT 'KEEP',
  `description` STRING COMMENT 'KEEP',
  `type` STRING COMMENT 'KEEP',
  `category` STRING COMMENT 'KEEP',
  `reaction1` STRING COMMENT 'KEEP',
  `description1` STRING COMMENT 'KEEP',
  `severity1` STRING COMMENT 'KEEP',
  `reaction2` STRING COMMENT 'KEEP',
  `description2` STRING COMMENT 'KEEP',
  `severity2` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.allergies (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/allergies';

-- ehr.careplans: care plans (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.careplans (
  `row_id` STRING COMMENT 'TOKENIZE (row.careplans): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'TOKENIZE (careplan)',
  `start` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` DATE COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP',
  `description` STRING COMMENT 'KEEP',
  `reasoncode` STRING COMMENT 'KEEP',
  `reasondescription` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.careplans (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/careplans';

-- ehr.devices: implanted and home devices (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.devices (
  `row_id` STRING COMMENT 'TOKENIZE (row.devices): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `start` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `stop` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `encounter` STRING COMMENT 'TOKENIZE (encounter)',
  `code` STRING COMMENT 'KEEP',
  `description` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.devices (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/devices';

-- ehr.organizations: care organizations (reference table, imported whole every night) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.organizations (
  `row_id` STRING COMMENT 'TOKENIZE (row.organizations): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'KEEP',
  `name` STRING COMMENT 'KEEP',
  `address` STRING COMMENT 'KEEP: facility address, not a patient\'s',
  `city` STRING COMMENT 'KEEP',
  `state` STRING COMMENT 'KEEP',
  `zip` STRING COMMENT 'KEEP',
  `lat` DOUBLE COMMENT 'KEEP',
  `lon` DOUBLE COMMENT 'KEEP',
  `revenue` DECIMAL(14,2) COMMENT 'KEEP',
  `utilization` BIGINT COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.organizations (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/organizations';

-- ehr.providers: clinicians (reference table, imported whole every night) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.providers (
  `row_id` STRING COMMENT 'TOKENIZE (row.providers): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'KEEP',
  `organization` STRING COMMENT 'KEEP',
  `gender` STRING COMMENT 'KEEP',
  `speciality` STRING COMMENT 'KEEP',
  `address` STRING COMMENT 'KEEP',
  `city` STRING COMMENT 'KEEP',
  `state` STRING COMMENT 'KEEP',
  `zip` STRING COMMENT 'KEEP',
  `lat` DOUBLE COMMENT 'KEEP',
  `lon` DOUBLE COMMENT 'KEEP',
  `encounters` BIGINT COMMENT 'KEEP',
  `procedures` BIGINT COMMENT 'KEEP'
)
COMMENT 'limited data set of ehr.providers (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/providers';

-- billing.payers: insurers (reference table, imported whole every night) (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.payers (
  `row_id` STRING COMMENT 'TOKENIZE (row.payers): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'KEEP',
  `name` STRING COMMENT 'KEEP',
  `ownership` STRING COMMENT 'KEEP',
  `address` STRING COMMENT 'KEEP',
  `city` STRING COMMENT 'KEEP',
  `state_headquartered` STRING COMMENT 'KEEP',
  `zip` STRING COMMENT 'KEEP',
  `amount_covered` DECIMAL(14,2) COMMENT 'KEEP',
  `amount_uncovered` DECIMAL(14,2) COMMENT 'KEEP',
  `revenue` DECIMAL(14,2) COMMENT 'KEEP',
  `covered_encounters` BIGINT COMMENT 'KEEP',
  `uncovered_encounters` BIGINT COMMENT 'KEEP',
  `covered_medications` BIGINT COMMENT 'KEEP',
  `uncovered_medications` BIGINT COMMENT 'KEEP',
  `covered_procedures` BIGINT COMMENT 'KEEP',
  `uncovered_procedures` BIGINT COMMENT 'KEEP',
  `covered_immunizations` BIGINT COMMENT 'KEEP',
  `uncovered_immunizations` BIGINT COMMENT 'KEEP',
  `unique_customers` BIGINT COMMENT 'KEEP',
  `qols_avg` DOUBLE COMMENT 'KEEP',
  `member_months` BIGINT COMMENT 'KEEP'
)
COMMENT 'limited data set of billing.payers (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/payers';

-- billing.payer_transitions: insurance coverage periods (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.payer_transitions (
  `row_id` STRING COMMENT 'TOKENIZE (row.payer_transitions): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `patient` STRING COMMENT 'TOKENIZE (patient)',
  `memberid` STRING COMMENT 'TOKENIZE (member): health plan beneficiary number',
  `start_date` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `end_date` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `payer` STRING COMMENT 'KEEP',
  `secondary_payer` STRING COMMENT 'KEEP',
  `plan_ownership` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of billing.payer_transitions (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/payer_transitions';

-- billing.claims: claims: one per billed encounter or medication (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.claims (
  `row_id` STRING COMMENT 'TOKENIZE (row.claims): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'TOKENIZE (claim): claim number: the billing account reference',
  `patientid` STRING COMMENT 'TOKENIZE (patient)',
  `providerid` STRING COMMENT 'KEEP',
  `primarypatientinsuranceid` STRING COMMENT 'KEEP: the primary payer\'s id in Synthea exports',
  `secondarypatientinsuranceid` STRING COMMENT 'KEEP: the secondary payer\'s id in Synthea exports',
  `departmentid` BIGINT COMMENT 'KEEP',
  `patientdepartmentid` BIGINT COMMENT 'KEEP',
  `diagnosis1` STRING COMMENT 'KEEP',
  `diagnosis2` STRING COMMENT 'KEEP',
  `diagnosis3` STRING COMMENT 'KEEP',
  `diagnosis4` STRING COMMENT 'KEEP',
  `diagnosis5` STRING COMMENT 'KEEP',
  `diagnosis6` STRING COMMENT 'KEEP',
  `diagnosis7` STRING COMMENT 'KEEP',
  `diagnosis8` STRING COMMENT 'KEEP',
  `referringproviderid` STRING COMMENT 'KEEP',
  `appointmentid` STRING COMMENT 'TOKENIZE (encounter): the encounter billed',
  `currentillnessdate` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `servicedate` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `supervisingproviderid` STRING COMMENT 'KEEP',
  `status1` STRING COMMENT 'KEEP',
  `status2` STRING COMMENT 'KEEP',
  `statusp` STRING COMMENT 'KEEP',
  `outstanding1` DECIMAL(14,2) COMMENT 'KEEP',
  `outstanding2` DECIMAL(14,2) COMMENT 'KEEP',
  `outstandingp` DECIMAL(14,2) COMMENT 'KEEP',
  `lastbilleddate1` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `lastbilleddate2` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `lastbilleddatep` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `healthcareclaimtypeid1` BIGINT COMMENT 'KEEP',
  `healthcareclaimtypeid2` BIGINT COMMENT 'KEEP'
)
COMMENT 'limited data set of billing.claims (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/claims';

-- billing.claims_transactions: charges, payments, adjustments and transfers per claim line (limited-data-set)
CREATE EXTERNAL TABLE IF NOT EXISTS clinical_limited.claims_transactions (
  `row_id` STRING COMMENT 'TOKENIZE (row.claims_transactions): source surrogate key; tokenized so re-imported rows can be de-duplicated',
  `id` STRING COMMENT 'TOKENIZE (claims_transaction)',
  `claimid` STRING COMMENT 'TOKENIZE (claim)',
  `chargeid` BIGINT COMMENT 'KEEP',
  `patientid` STRING COMMENT 'TOKENIZE (patient)',
  `type` STRING COMMENT 'KEEP',
  `amount` DECIMAL(14,2) COMMENT 'KEEP',
  `method` STRING COMMENT 'KEEP',
  `fromdate` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `todate` TIMESTAMP COMMENT 'as in the source (limited-data-set; the general zone has DATE_SHIFT)',
  `placeofservice` STRING COMMENT 'KEEP',
  `procedurecode` STRING COMMENT 'KEEP',
  `modifier1` STRING COMMENT 'KEEP',
  `modifier2` STRING COMMENT 'KEEP',
  `diagnosisref1` BIGINT COMMENT 'KEEP',
  `diagnosisref2` BIGINT COMMENT 'KEEP',
  `diagnosisref3` BIGINT COMMENT 'KEEP',
  `diagnosisref4` BIGINT COMMENT 'KEEP',
  `units` BIGINT COMMENT 'KEEP',
  `departmentid` BIGINT COMMENT 'KEEP',
  `unitamount` DECIMAL(14,2) COMMENT 'KEEP',
  `transferoutid` BIGINT COMMENT 'KEEP',
  `transfertype` STRING COMMENT 'KEEP',
  `payments` DECIMAL(14,2) COMMENT 'KEEP',
  `adjustments` DECIMAL(14,2) COMMENT 'KEEP',
  `transfers` DECIMAL(14,2) COMMENT 'KEEP',
  `outstanding` DECIMAL(14,2) COMMENT 'KEEP',
  `appointmentid` STRING COMMENT 'TOKENIZE (encounter)',
  `patientinsuranceid` STRING COMMENT 'TOKENIZE (member): health plan beneficiary number',
  `feescheduleid` BIGINT COMMENT 'KEEP',
  `providerid` STRING COMMENT 'KEEP',
  `supervisingproviderid` STRING COMMENT 'KEEP'
)
COMMENT 'limited data set of billing.claims_transactions (dates kept; PHI under a data use agreement)'
PARTITIONED BY (dt STRING COMMENT 'business date of the import, YYYY-MM-DD')
STORED AS PARQUET
LOCATION '${limited_root}/claims_transactions';
