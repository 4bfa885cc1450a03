package org.carelake.split;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.carelake.catalog.TableSpec;
import org.carelake.split.crypto.CryptoConf;

/**
 * Reads the token columns of a split's restricted and general files back (decrypting them, only
 * the projected columns) and counts distinct patient and record tokens, so the manifest proves
 * "restricted rows = distinct patients" (patients table) and "restricted rows = distinct
 * records" (every table) from the files themselves, not from the job's own counters.
 *
 * <p>Tokens are 64 hex digits of an HMAC; their first 16 digits, as a long, identify them
 * (a collision needs ~4 billion tokens): 8 bytes per row in memory.
 */
public final class ZoneAudit {
  /** Distinct tokens of the restricted zone, and its patient tokens missing from the general zone. */
  public record Counts(long rows, long distinctPatients, long distinctRecords, long patientsNotInGeneral) {
    public static final Counts NONE = new Counts(0, 0, 0, 0);
  }

  private ZoneAudit() {
  }

  public static Counts restricted(Configuration conf, Path restrictedDir, Path generalDir, TableSpec table)
      throws IOException {
    Configuration c = new Configuration(conf);
    CryptoConf.applyDefaults(c);
    long[][] restricted = tokens(c, restrictedDir, TableSpec.PATIENT_TOKEN, TableSpec.RECORD_TOKEN);
    long[] generalPatients = tokens(c, generalDir, table.patient().orElseThrow())[0];
    long[] patients = distinct(restricted[0]);
    long[] known = distinct(generalPatients);
    long missing = Arrays.stream(patients).filter(p -> Arrays.binarySearch(known, p) < 0).count();
    return new Counts(restricted[0].length, patients.length, distinct(restricted[1]).length, missing);
  }

  /** The named STRING columns of every Parquet file in {@code dir}, as token prefixes. */
  static long[][] tokens(Configuration conf, Path dir, String... columns) throws IOException {
    StringBuilder schema = new StringBuilder("message audit {");
    for (String col : columns) {
      schema.append(" optional binary ").append(col).append(" (STRING);");
    }
    Configuration c = new Configuration(conf);
    CryptoConf.applyDefaults(c);
    c.set(ReadSupport.PARQUET_READ_SCHEMA, schema.append(" }").toString());
    long[][] out = new long[columns.length][1024];
    int n = 0;
    FileSystem fs = dir.getFileSystem(c);
    if (!fs.exists(dir)) {
      return new long[columns.length][0];
    }
    for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".parquet"))) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(c).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          if (n == out[0].length) {
            for (int i = 0; i < columns.length; i++) {
              out[i] = Arrays.copyOf(out[i], n * 2);
            }
          }
          for (int i = 0; i < columns.length; i++) {
            out[i][n] = g.getFieldRepetitionCount(i) == 0 ? 0 : prefix(g.getString(i, 0));
          }
          n++;
        }
      }
    }
    for (int i = 0; i < columns.length; i++) {
      out[i] = Arrays.copyOf(out[i], n);
    }
    return out;
  }

  private static long prefix(String token) {
    return token.length() >= 16 ? HexFormat.fromHexDigitsToLong(token, 0, 16) : token.hashCode();
  }

  private static long[] distinct(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, n);
  }
}
