/**
 * Hive's side of lineage: a post-execution (and on-failure) hook that records, per statement,
 * the session user, the Hadoop job ids, the tables read and written and Hive's column-level
 * lineage, as one JSON file per query id that the pipeline folds into its OpenLineage events.
 */
package org.carelake.hive.lineage;
