/**
 * The on-premises source databases (EHR, billing) in the Synthea CSV schema: DDL per dialect
 * ({@link org.carelake.sources.SourceSchema}), embedded H2 locations
 * ({@link org.carelake.sources.SourceDatabases}) and the CSV loader
 * ({@link org.carelake.sources.SyntheaCsvLoader}).
 */
package org.carelake.sources;
