-- entitlements: what security admins grant per analyst, read by the Ranger row-filter policies of
-- ranger-policies/hive-policies.json (an analyst sees the rows of the organizations listed for them).
-- Variables: entitlements_root (no trailing slash): a location only security admins can write
-- (ranger-policies/entitlements locally; an S3 prefix writable by the security-admin role on EMR).
-- Run after databases.hql; idempotent. The table is EXTERNAL and read-only to Hive: its file is
-- edited by security admins, and Hive reads it at query time, so a change applies to the next query.

CREATE DATABASE IF NOT EXISTS entitlements
  COMMENT 'access grants managed by security admins (analyst to organization); analysts read their own rows only';

CREATE EXTERNAL TABLE IF NOT EXISTS entitlements.analyst_organizations (
  analyst STRING COMMENT 'the analyst\'s user name, as HiveServer2 authenticates it (current_user())',
  organization STRING COMMENT 'an organization id (clinical.organizations.id) whose patients the analyst may see'
)
COMMENT 'one row per analyst and organization; an analyst without rows sees no patient rows'
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION '${entitlements_root}/analyst_organizations'
TBLPROPERTIES ('skip.header.line.count'='1');
