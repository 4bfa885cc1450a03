/**
 * The Synthea data generator, run in its own JVM ({@link org.carelake.synthea.GenerateSyntheaCsv}):
 * realistic EHR and claims CSVs, byte-identical for the same arguments.
 */
package org.carelake.synthea;
