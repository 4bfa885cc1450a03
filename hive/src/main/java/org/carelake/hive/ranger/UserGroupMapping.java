package org.carelake.hive.ranger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which groups each user belongs to, from a file of {@code user=group1,group2} lines ('#' starts a
 * comment). Locally this stands in for the OS/LDAP groups that Hadoop resolves on a cluster.
 * A user the file does not list has no groups, so only policies for "public" apply to them.
 */
public final class UserGroupMapping {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");

  private final Map<String, Set<String>> groups;
  private final Path source;

  private UserGroupMapping(Map<String, Set<String>> groups, Path source) {
    this.groups = groups;
    this.source = source;
  }

  /** Reads the file; a malformed line fails with file:line and what is wrong with it. */
  public static UserGroupMapping load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the user-group file " + file + " (" + e + "); set "
          + AuthorizationSettings.USER_GROUPS_FILE + " to a readable user=group1,group2 file", e);
    }
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + ":" + (i + 1);
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(where + ": expected user=group1,group2, found no user before '='");
      }
      String user = line.substring(0, eq).strip();
      requireName(user, "user", where);
      if (groups.containsKey(user)) {
        throw new IllegalArgumentException(where + ": user '" + user + "' is listed twice; keep one line per user");
      }
      Set<String> userGroups = new LinkedHashSet<>();
      for (String g : line.substring(eq + 1).split(",")) {
        String group = g.strip();
        requireName(group, "group of user '" + user + "'", where);
        userGroups.add(group);
      }
      groups.put(user, Collections.unmodifiableSet(userGroups));
    }
    return new UserGroupMapping(Collections.unmodifiableMap(groups), file);
  }

  private static void requireName(String name, String what, String where) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(where + ": " + what + " '" + name + "' is not a valid name "
          + "(letters, digits, _ . @ -; groups separated by commas)");
    }
  }

  /** The user's groups; empty for a user the file does not list. */
  public Set<String> groupsOf(String user) {
    return groups.getOrDefault(user, Set.of());
  }

  public Set<String> users() {
    return groups.keySet();
  }

  public Path source() {
    return source;
  }

  @Override
  public String toString() {
    return "UserGroupMapping[" + source + ", " + groups.size() + " users]";
  }
}
