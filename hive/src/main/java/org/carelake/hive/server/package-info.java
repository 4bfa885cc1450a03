/**
 * An in-process HiveServer2 for local runs and tests: {@link org.carelake.hive.server.LocalHiveServer}
 * writes a real hive-site.xml under its base directory (Hive silently drops settings made only on
 * a HiveConf object), uses an embedded Derby metastore or an external Thrift one, and runs queries
 * with MapReduce's local runner.
 */
package org.carelake.hive.server;
