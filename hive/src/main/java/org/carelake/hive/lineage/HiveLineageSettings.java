package org.carelake.hive.lineage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * hive-site.xml entries that turn on {@link HiveLineageHook}. Hive computes column lineage only
 * when hive.lineage.hook.info.enabled is true (or a hook it knows by name is configured).
 */
public final class HiveLineageSettings {
  /** Where the hook writes &lt;queryId&gt;.json (any Hadoop file system URI); unset = the hook does nothing. */
  public static final String DIR = "carelake.lineage.hive.dir";

  private HiveLineageSettings() {
  }

  /** Entries for a server whose statements are recorded under {@code dir}. */
  public static Map<String, String> hiveSiteEntries(String dir) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("hive.exec.post.hooks", HiveLineageHook.class.getName());
    s.put("hive.exec.failure.hooks", HiveLineageHook.class.getName());
    s.put("hive.lineage.hook.info.enabled", "true");
    s.put(DIR, dir);
    return s;
  }
}
