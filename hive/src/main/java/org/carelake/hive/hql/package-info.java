/**
 * HQL as files: {@link org.carelake.hive.hql.HqlScript} (split, variables),
 * {@link org.carelake.hive.hql.HqlRunner} (runs a script over JDBC) and
 * {@link org.carelake.hive.hql.HiveDdlGenerator}, which writes the table and partition DDL under
 * hive/hql from the data classification catalog.
 */
package org.carelake.hive.hql;
