/**
 * The PHI split: one map-only job per table and business date turns a staging partition into
 * general (de-identified, tokens), restricted (identifiers keyed by patient token) and
 * quarantine Parquet outputs. Entry point: {@link org.carelake.split.PhiSplitJob}.
 */
package org.carelake.split;
