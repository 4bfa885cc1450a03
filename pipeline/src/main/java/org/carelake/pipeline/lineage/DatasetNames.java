package org.carelake.pipeline.lineage;

import java.net.URI;
import org.apache.hadoop.fs.Path;
import org.carelake.pipeline.run.Dataset;

/**
 * Dataset names after OpenLineage's naming conventions: JDBC tables as postgres://host:port with
 * database.schema.table (mysql://host:port with database.table), files as namespace "file" with
 * the absolute path, HDFS as hdfs://namenode:port with the path, S3 as s3://bucket with the key,
 * Hive tables as hive://metastore-host:port with database.table. No credentials or URL
 * parameters ever reach a name.
 */
public final class DatasetNames {
  private DatasetNames() {
  }

  /** A table of a source database, from its JDBC URL. */
  public static Dataset jdbcTable(String jdbcUrl, String table, boolean protectedData) {
    String url = withoutParameters(jdbcUrl);
    if (url.startsWith("jdbc:postgresql:")) {
      URI u = URI.create(url.substring("jdbc:".length()));
      return new Dataset("postgres://" + host(u, 5432), database(u) + ".public." + table, protectedData);
    }
    if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
      URI u = URI.create("mysql" + url.substring(url.indexOf(':', "jdbc:".length())));
      return new Dataset("mysql://" + host(u, 3306), database(u) + "." + table, protectedData);
    }
    if (url.startsWith("jdbc:h2:")) {
      String location = url.substring("jdbc:h2:".length());
      String db = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
      return new Dataset("h2:" + location, db + ".public." + table, protectedData);
    }
    return new Dataset(url.replaceFirst("^jdbc:", ""), table, protectedData);
  }

  /** The namespace of a JDBC database (a dataset naming the whole database). */
  public static Dataset jdbcDatabase(String jdbcUrl, boolean protectedData) {
    Dataset any = jdbcTable(jdbcUrl, "x", protectedData);
    String name = any.name().substring(0, any.name().length() - 2);
    return new Dataset(any.namespace(), name.endsWith(".public") ? name.substring(0, name.length() - 7) : name,
        protectedData);
  }

  /** A file or directory of the lake (file:, hdfs:, s3a:/s3:). */
  public static Dataset path(Path path, boolean protectedData) {
    URI u = path.toUri();
    String scheme = u.getScheme() == null ? "file" : u.getScheme();
    switch (scheme) {
      case "file":
        return new Dataset("file", u.getPath(), protectedData);
      case "s3a":
      case "s3n":
      case "s3":
        return new Dataset("s3://" + u.getAuthority(), u.getPath().replaceFirst("^/", ""), protectedData);
      default:
        return new Dataset(scheme + "://" + (u.getAuthority() == null ? "" : u.getAuthority()), u.getPath(),
            protectedData);
    }
  }

  /** The namespace of Hive tables: hive://host:port of the metastore (thrift://host:port), or the embedded one. */
  public static String hiveNamespace(String metastoreUri) {
    if (metastoreUri == null || metastoreUri.isBlank()) {
      return "hive://embedded-metastore";
    }
    URI u = URI.create(metastoreUri.split(",")[0].trim());
    return "hive://" + host(u, 9083);
  }

  /** A Hive table: database.table. */
  public static Dataset hiveTable(String namespace, String qualifiedTable, boolean protectedData) {
    return new Dataset(namespace, qualifiedTable.toLowerCase(java.util.Locale.ROOT), protectedData);
  }

  private static String withoutParameters(String url) {
    int cut = url.length();
    for (char c : new char[] {';', '?'}) {
      int i = url.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return url.substring(0, cut);
  }

  private static String host(URI u, int defaultPort) {
    return u.getHost() + ":" + (u.getPort() < 0 ? defaultPort : u.getPort());
  }

  private static String database(URI u) {
    String p = u.getPath() == null ? "" : u.getPath().replaceFirst("^/", "");
    return p.isEmpty() ? "default" : p;
  }
}
