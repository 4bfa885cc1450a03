/**
 * Parquet modular encryption of the zones: which master key encrypts which zone, the KMS clients
 * that wrap data keys with master keys (a Hadoop key provider locally, AWS KMS on EMR), and the
 * checks that fail a run with a missing or wrong key before anything is written.
 */
package org.carelake.split.crypto;
