package org.carelake.pipeline.lineage;

import java.security.SecureRandom;
import java.util.UUID;

/** UUID version 7 (time-ordered), as OpenLineage recommends for run ids. */
public final class Uuid7 {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Uuid7() {
  }

  public static UUID next() {
    long millis = System.currentTimeMillis();
    long high = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0fffL);
    long low = (RANDOM.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low);
  }
}
