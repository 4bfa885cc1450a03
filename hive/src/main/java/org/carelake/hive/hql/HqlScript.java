package org.carelake.hive.hql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HQL file: statements separated by ';' with {@code ${name}} variables. Binding checks the
 * variables both ways: a variable the file uses without a value, or a value the file never uses
 * (a misspelling, or the wrong file), fails naming the file and the variable.
 *
 * <p>Only {@code ${name}} (letters, digits, _) is substituted; Hive's own namespaced forms such as
 * {@code ${hiveconf:x}} are left for the server. Variables inside '--' comments are ignored.
 */
public final class HqlScript {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  /** Values land inside string literals and identifiers: these characters would end them. */
  private static final Pattern UNSAFE_VALUE = Pattern.compile("['\"`;\\\\\\r\\n]");

  private final String origin;
  private final List<HqlSplitter.Raw> statements;
  private final Set<String> variables;

  private HqlScript(String origin, List<HqlSplitter.Raw> statements) {
    this.origin = origin;
    this.statements = statements;
    Set<String> names = new LinkedHashSet<>();
    for (HqlSplitter.Raw s : statements) {
      Matcher m = VARIABLE.matcher(s.text());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    this.variables = Collections.unmodifiableSet(names);
  }

  /** Reads {@code file}; messages name it as given (pass a path relative to the CareLake home when you can). */
  public static HqlScript load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new HqlException(e, "Cannot read HQL file %s: %s; check the path (HQL lives under hive/hql of the "
          + "CareLake home)", file, e.getMessage());
    }
  }

  /**
   * Reads {@code relative} (e.g. {@link HqlFiles#PATIENT_PROFILE}) under the CareLake home; messages
   * name it by the relative path.
   */
  public static HqlScript load(Path home, String relative) {
    Path file = home.resolve(relative);
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), relative);
    } catch (IOException e) {
      throw new HqlException(e, "Cannot read HQL file %s under %s: %s; check the CareLake home (carelake.home)",
          relative, home, e.getMessage());
    }
  }

  /** Parses HQL text; {@code origin} names it in messages. */
  public static HqlScript parse(String text, String origin) {
    return new HqlScript(origin, List.copyOf(HqlSplitter.split(text, origin)));
  }

  public String origin() {
    return origin;
  }

  /** The variables the script uses, in order of first use. */
  public Set<String> variables() {
    return variables;
  }

  /** The number of statements. */
  public int size() {
    return statements.size();
  }

  /**
   * The statements with every {@code ${name}} replaced by its value. {@code values} must hold
   * exactly the variables the script uses.
   */
  public List<HqlStatement> bind(Map<String, String> values) {
    Set<String> unused = new TreeSet<>(values.keySet());
    unused.removeAll(variables);
    if (!unused.isEmpty()) {
      throw new HqlException("%s does not use variable(s) %s; remove them or check their spelling (it uses %s)",
          origin, unused, variables);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getValue() == null || UNSAFE_VALUE.matcher(e.getValue()).find()) {
        throw new HqlException("Variable '%s' for %s is null or holds a quote, backtick, ';', backslash or line "
            + "break; values are substituted into string literals, so pass a plain path or date", e.getKey(), origin);
      }
    }
    List<HqlStatement> out = new ArrayList<>(statements.size());
    for (HqlSplitter.Raw raw : statements) {
      Matcher m = VARIABLE.matcher(raw.text());
      StringBuilder sql = new StringBuilder();
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          int line = raw.line() + (int) raw.text().substring(0, m.start()).chars().filter(c -> c == '\n').count();
          throw new HqlException("%s:%d uses ${%s}, which has no value; pass it (the file uses %s)", origin, line,
              m.group(1), variables);
        }
        m.appendReplacement(sql, Matcher.quoteReplacement(value));
      }
      m.appendTail(sql);
      out.add(new HqlStatement(origin, raw.line(), sql.toString()));
    }
    return out;
  }

  @Override
  public String toString() {
    return origin + " (" + statements.size() + " statements, variables " + variables + ")";
  }
}
