/**
 * What the Oozie workflow (oozie-workflows/nightly/workflow.xml) runs on EMR besides Sqoop, the
 * split job and Hive: the day's reconciliation, and the REST submission of the backfill coordinator.
 */
package org.carelake.pipeline.oozie;
