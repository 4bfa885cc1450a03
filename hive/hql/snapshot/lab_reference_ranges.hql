-- snapshot.lab_reference_range: the reference interval of each numeric laboratory test the snapshots judge, by
-- LOINC code AND units (a result in other units is not judged). Typical adult intervals as printed by common
-- US reference laboratories; a facility replaces these rows with its own laboratory's intervals.
-- low / high are inclusive bounds of the normal range; NULL means no bound on that side.
-- Variables: snapshot_root. Rerunnable: INSERT OVERWRITE replaces the whole table.

CREATE EXTERNAL TABLE IF NOT EXISTS snapshot.lab_reference_range (
  loinc_code STRING COMMENT 'LOINC code, as in clinical.observations.code',
  description STRING COMMENT 'LOINC long name (short form)',
  units STRING COMMENT 'UCUM units the interval is in, as in clinical.observations.units',
  low DOUBLE COMMENT 'lowest normal value (inclusive); NULL: no lower bound',
  high DOUBLE COMMENT 'highest normal value (inclusive); NULL: no upper bound'
)
COMMENT 'reference: normal ranges of numeric laboratory results (abnormal_lab_count of snapshot.patient_profile)'
STORED AS PARQUET
LOCATION '${snapshot_root}/reference/lab_reference_range';

INSERT OVERWRITE TABLE snapshot.lab_reference_range VALUES
('2339-0', 'Glucose [Mass/volume] in Blood', 'mg/dL', 70.0, 99.0),
('2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', 70.0, 99.0),
('4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 4.0, 5.6),
('2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'mg/dL', CAST(NULL AS DOUBLE), 199.0),
('2571-8', 'Triglycerides', 'mg/dL', CAST(NULL AS DOUBLE), 149.0),
('18262-6', 'Low Density Lipoprotein Cholesterol', 'mg/dL', CAST(NULL AS DOUBLE), 99.0),
('2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', 'mg/dL', 40.0, CAST(NULL AS DOUBLE)),
('6299-2', 'Urea nitrogen [Mass/volume] in Blood', 'mg/dL', 7.0, 20.0),
('38483-4', 'Creatinine [Mass/volume] in Blood', 'mg/dL', 0.6, 1.3),
('2947-0', 'Sodium [Moles/volume] in Blood', 'mmol/L', 135.0, 145.0),
('6298-4', 'Potassium [Moles/volume] in Blood', 'mmol/L', 3.5, 5.1),
('2069-3', 'Chloride [Moles/volume] in Blood', 'mmol/L', 98.0, 107.0),
('20565-8', 'Carbon dioxide, total [Moles/volume] in Blood', 'mmol/L', 22.0, 29.0),
('49765-1', 'Calcium [Mass/volume] in Blood', 'mg/dL', 8.5, 10.2),
('718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 12.0, 17.5),
('4544-3', 'Hematocrit [Volume Fraction] of Blood by Automated count', '%', 36.0, 50.0),
('6690-2', 'Leukocytes [#/volume] in Blood by Automated count', '10*3/uL', 4.5, 11.0),
('789-8', 'Erythrocytes [#/volume] in Blood by Automated count', '10*6/uL', 4.2, 5.9),
('777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 150.0, 450.0),
('787-2', 'MCV [Entitic volume] by Automated count', 'fL', 80.0, 100.0),
('785-6', 'MCH [Entitic mass] by Automated count', 'pg', 27.0, 33.0),
('786-4', 'MCHC [Mass/volume] by Automated count', 'g/dL', 32.0, 36.0),
('33914-3', 'Glomerular filtration rate/1.73 sq M.predicted (MDRD)', 'mL/min/{1.73_m2}', 60.0, CAST(NULL AS DOUBLE)),
('14959-1', 'Microalbumin/Creatinine [Mass Ratio] in Urine', 'mg/g', CAST(NULL AS DOUBLE), 29.0);
