-- Re-identification for data stewards: phi_restricted.patient_profile_identified joins every row of
-- snapshot.patient_profile to the patient's current identity in phi_restricted.patients by patient token.
-- No variables. Run after hive/hql/ddl/*.hql and the snapshot DDL (hive/hql/snapshot/patient_profile.hql).
--
-- The view lives in phi_restricted, so Ranger's deny on that database (ranger-policies/hive-policies.json,
-- policy 6) keeps analysts out: their query is denied (SQLState 42000) and the denial audited. Hive
-- authorizes a view by the view itself, so the boundary is the database the view is in.
--
-- phi_restricted.patients has one partition per import date (dt) holding the rows changed that day; the
-- current identity of a patient is its row in the greatest dt (ties: the greater record token).
-- Usage:  SELECT * FROM phi_restricted.patient_profile_identified WHERE dt = '2026-11-20' AND patient_token = '...';
--         SELECT patient_token FROM phi_restricted.patient_profile_identified WHERE ssn = '999-...';

CREATE VIEW IF NOT EXISTS phi_restricted.patient_profile_identified
COMMENT 'stewards only: patient_profile rows with the identity behind each patient token'
AS
SELECT p.dt,
       p.patient_token,
       i.id AS mrn,
       i.prefix,
       i.first,
       i.middle,
       i.last,
       i.suffix,
       i.ssn,
       i.birthdate,
       i.deathdate,
       i.address,
       i.city,
       i.county,
       i.zip,
       p.age_band,
       p.sex,
       p.zip3,
       p.state,
       p.encounter_count,
       p.active_conditions,
       p.total_charges,
       p.total_payments
FROM snapshot.patient_profile p
JOIN (
  SELECT patient_token, id, prefix, first, middle, last, suffix, ssn, birthdate, deathdate, address, city, county, zip,
         row_number() OVER (PARTITION BY patient_token ORDER BY dt DESC, record_token DESC) AS version
  FROM phi_restricted.patients
) i ON i.patient_token = p.patient_token AND i.version = 1;
