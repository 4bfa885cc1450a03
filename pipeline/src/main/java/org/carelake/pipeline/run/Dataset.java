package org.carelake.pipeline.run;

/**
 * A dataset a step reads or writes, named as OpenLineage does: a namespace (the system: a JDBC
 * URL without credentials, a file system or bucket URI, "hive://…") and a name within it.
 * {@code protectedData} marks datasets that hold PHI (sources, staging, restricted, quarantine).
 */
public record Dataset(String namespace, String name, boolean protectedData) {
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
