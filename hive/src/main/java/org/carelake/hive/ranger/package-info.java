/**
 * HiveServer2's authorizer, backed by Apache Ranger's policy engine without a Ranger Admin.
 *
 * <ul>
 *   <li>{@link org.carelake.hive.ranger.AuthorizationSettings}: the hive-site.xml entries that enable it.</li>
 *   <li>{@link org.carelake.hive.ranger.RangerHiveAuthorizerFactory} /
 *       {@link org.carelake.hive.ranger.RangerHiveAuthorizer}: Hive's hook; maps each statement's objects to
 *       Ranger requests (select/update/create/drop/alter on database/table/column, read/write on url),
 *       denies with SQLState 42000, applies row filters and column masks.</li>
 *   <li>{@link org.carelake.hive.ranger.PolicyFileAdminClient} / {@link org.carelake.hive.ranger.PolicyFiles}:
 *       policies from Ranger Admin export files (ranger-policies/*.json), checked against the Hive
 *       service-def, hot-reloaded by Ranger's refresher.</li>
 *   <li>{@link org.carelake.hive.ranger.UserGroupMapping}: users' groups from a properties file.</li>
 *   <li>Audit: one JSON line per decision through Ranger's file audit destination.</li>
 * </ul>
 */
package org.carelake.hive.ranger;
