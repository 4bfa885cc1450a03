package org.carelake.sqoop;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of an in-process Sqoop import on the local job runner (docs/STACK.md,
 * "Sqoop 1.4.7 in-process"): a constant key and a get/set pair per setting that matters.
 */
public final class LocalSqoopConf {
  /** local: run map tasks in this JVM. */
  public static final String FRAMEWORK = "mapreduce.framework.name";
  /** Must be "local" too, else the map task cannot load Sqoop's generated record class. */
  public static final String JOBTRACKER = "mapreduce.jobtracker.address";
  public static final String DEFAULT_FS = "fs.defaultFS";
  /** Without it the local runner runs -m N splits one after another. */
  public static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";
  /** Hadoop's scratch root: map outputs and localized jars; private to the run. */
  public static final String TMP_DIR = "hadoop.tmp.dir";
  /** The local runner's job staging root; defaults to /tmp/hadoop/mapred/staging, not under hadoop.tmp.dir. */
  public static final String STAGING_ROOT = "mapreduce.jobtracker.staging.root.dir";
  public static final String LOCAL_DIR = "mapreduce.cluster.local.dir";
  /** Staged files hold raw PHI: owner-only permissions where the file system honours them. */
  public static final String UMASK = "fs.permissions.umask-mode";
  /** Bytes between Avro sync markers: larger blocks compress better with bzip2 and stay splittable. */
  public static final String AVRO_SYNC_INTERVAL = "avro.mapred.sync.interval";

  public static final int DEFAULT_AVRO_SYNC_INTERVAL = 1 << 20;

  private LocalSqoopConf() {
  }

  /**
   * The file-system part: local default file system and an owner-only umask. Every
   * configuration of the run must carry the umask: FileSystem instances are cached with the
   * configuration that first created them.
   */
  public static Configuration forFileSystem() {
    Configuration conf = new Configuration();
    conf.set(DEFAULT_FS, "file:///");
    conf.set(UMASK, "077");
    return conf;
  }

  /** A configuration for one import run whose scratch space is all under {@code workDir}. */
  public static Configuration forRun(Path workDir, int mappers) {
    Configuration conf = forFileSystem();
    conf.set(FRAMEWORK, "local");
    conf.set(JOBTRACKER, "local");
    setLocalMappers(conf, mappers);
    setScratchRoot(conf, workDir);
    setAvroSyncInterval(conf, DEFAULT_AVRO_SYNC_INTERVAL);
    return conf;
  }

  public static void setLocalMappers(Configuration conf, int mappers) {
    conf.setInt(LOCAL_MAPS, mappers);
  }

  public static int getLocalMappers(Configuration conf) {
    return conf.getInt(LOCAL_MAPS, 1);
  }

  /** Points hadoop.tmp.dir, the staging root and the local dirs into {@code workDir}. */
  public static void setScratchRoot(Configuration conf, Path workDir) {
    conf.set(TMP_DIR, workDir.resolve("hadoop-tmp").toString());
    conf.set(STAGING_ROOT, workDir.resolve("staging").toString());
    conf.set(LOCAL_DIR, workDir.resolve("hadoop-tmp/mapred/local").toString());
  }

  public static Path getScratchRoot(Configuration conf) {
    return Path.of(conf.get(TMP_DIR)).getParent();
  }

  public static void setAvroSyncInterval(Configuration conf, int bytes) {
    conf.setInt(AVRO_SYNC_INTERVAL, bytes);
  }

  public static int getAvroSyncInterval(Configuration conf) {
    return conf.getInt(AVRO_SYNC_INTERVAL, DEFAULT_AVRO_SYNC_INTERVAL);
  }
}
