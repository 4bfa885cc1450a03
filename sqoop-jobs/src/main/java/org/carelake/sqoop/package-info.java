/**
 * Stage 1 of the nightly flow: Sqoop imports of the on-prem source tables into staging.
 *
 * <p>{@link org.carelake.sqoop.SqoopOptionsFiles} generates one Sqoop options file per catalog
 * table (sqoop-jobs/&lt;source&gt;/&lt;table&gt;.options) and checks the committed ones.
 * {@link org.carelake.sqoop.ImportTable} is the child process the pipeline launches per table:
 * it imports a last_modified window into bzip2 Avro data files and verifies the staged count.
 * This module runs in its own JVM: Sqoop 1.4.7 needs Avro 1.8.2, Hive 4.0.1 brings 1.11.3.
 */
package org.carelake.sqoop;
