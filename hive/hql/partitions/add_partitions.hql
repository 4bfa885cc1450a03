-- registers partition dt=${dt} of every clinical, clinical_limited and phi_restricted table (idempotent: IF NOT EXISTS)
-- Variables: dt, general_root, limited_root, restricted_root, quarantine_root
-- Run hive/hql/ddl/databases.hql first. Tables are EXTERNAL: dropping one never deletes lake data.
--
-- GENERATED from catalog/data-classification.json by HiveDdlGenerator: do not edit. After changing the catalog, regenerate
-- from the repository root with:
--   mvn -B -o -q install -pl hive -DskipTests && java -cp "hive/target/classes:$(cat hive/target/classpath.txt)" org.carelake.hive.hql.HiveDdlGenerator --write

ALTER TABLE clinical.patients ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/patients/dt=${dt}';
ALTER TABLE clinical.encounters ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/encounters/dt=${dt}';
ALTER TABLE clinical.conditions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/conditions/dt=${dt}';
ALTER TABLE clinical.observations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/observations/dt=${dt}';
ALTER TABLE clinical.procedures ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/procedures/dt=${dt}';
ALTER TABLE clinical.medications ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/medications/dt=${dt}';
ALTER TABLE clinical.immunizations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/immunizations/dt=${dt}';
ALTER TABLE clinical.allergies ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/allergies/dt=${dt}';
ALTER TABLE clinical.careplans ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/careplans/dt=${dt}';
ALTER TABLE clinical.devices ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/devices/dt=${dt}';
ALTER TABLE clinical.organizations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/organizations/dt=${dt}';
ALTER TABLE clinical.providers ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/providers/dt=${dt}';
ALTER TABLE clinical.payers ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/payers/dt=${dt}';
ALTER TABLE clinical.payer_transitions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/payer_transitions/dt=${dt}';
ALTER TABLE clinical.claims ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/claims/dt=${dt}';
ALTER TABLE clinical.claims_transactions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${general_root}/claims_transactions/dt=${dt}';
ALTER TABLE clinical_limited.patients ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/patients/dt=${dt}';
ALTER TABLE clinical_limited.encounters ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/encounters/dt=${dt}';
ALTER TABLE clinical_limited.conditions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/conditions/dt=${dt}';
ALTER TABLE clinical_limited.observations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/observations/dt=${dt}';
ALTER TABLE clinical_limited.procedures ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/procedures/dt=${dt}';
ALTER TABLE clinical_limited.medications ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/medications/dt=${dt}';
ALTER TABLE clinical_limited.immunizations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/immunizations/dt=${dt}';
ALTER TABLE clinical_limited.allergies ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/allergies/dt=${dt}';
ALTER TABLE clinical_limited.careplans ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/careplans/dt=${dt}';
ALTER TABLE clinical_limited.devices ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/devices/dt=${dt}';
ALTER TABLE clinical_limited.organizations ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/organizations/dt=${dt}';
ALTER TABLE clinical_limited.providers ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/providers/dt=${dt}';
ALTER TABLE clinical_limited.payers ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/payers/dt=${dt}';
ALTER TABLE clinical_limited.payer_transitions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/payer_transitions/dt=${dt}';
ALTER TABLE clinical_limited.claims ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/claims/dt=${dt}';
ALTER TABLE clinical_limited.claims_transactions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${limited_root}/claims_transactions/dt=${dt}';
ALTER TABLE phi_restricted.patients ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${restricted_root}/patients/dt=${dt}';
ALTER TABLE phi_restricted.devices ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${restricted_root}/devices/dt=${dt}';
ALTER TABLE phi_restricted.payer_transitions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${restricted_root}/payer_transitions/dt=${dt}';
ALTER TABLE phi_restricted.claims_transactions ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${restricted_root}/claims_transactions/dt=${dt}';
ALTER TABLE phi_restricted.patients_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/patients/dt=${dt}';
ALTER TABLE phi_restricted.encounters_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/encounters/dt=${dt}';
ALTER TABLE phi_restricted.conditions_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/conditions/dt=${dt}';
ALTER TABLE phi_restricted.observations_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/observations/dt=${dt}';
ALTER TABLE phi_restricted.procedures_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/procedures/dt=${dt}';
ALTER TABLE phi_restricted.medications_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/medications/dt=${dt}';
ALTER TABLE phi_restricted.immunizations_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/immunizations/dt=${dt}';
ALTER TABLE phi_restricted.allergies_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/allergies/dt=${dt}';
ALTER TABLE phi_restricted.careplans_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/careplans/dt=${dt}';
ALTER TABLE phi_restricted.devices_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/devices/dt=${dt}';
ALTER TABLE phi_restricted.organizations_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/organizations/dt=${dt}';
ALTER TABLE phi_restricted.providers_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/providers/dt=${dt}';
ALTER TABLE phi_restricted.payers_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/payers/dt=${dt}';
ALTER TABLE phi_restricted.payer_transitions_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/payer_transitions/dt=${dt}';
ALTER TABLE phi_restricted.claims_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/claims/dt=${dt}';
ALTER TABLE phi_restricted.claims_transactions_quarantine ADD IF NOT EXISTS PARTITION (dt='${dt}') LOCATION '${quarantine_root}/claims_transactions/dt=${dt}';
