/**
 * The external metastore: {@link org.carelake.hive.metastore.MetastoreSchema} creates the schema with
 * Hive's MetastoreSchemaTool, {@link org.carelake.hive.metastore.ThriftMetastore} serves it (Hive's
 * HiveMetaStore) on PostgreSQL or MySQL in a JVM apart from HiveServer2, and
 * {@link org.carelake.hive.metastore.MetastoreProcess} starts one as a child process. Embedded Derby
 * (org.carelake.hive.server.LocalHiveServer without a metastore URI) stays the local default.
 */
package org.carelake.hive.metastore;
