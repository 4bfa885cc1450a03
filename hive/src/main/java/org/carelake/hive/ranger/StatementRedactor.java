package org.carelake.hive.ranger;

/**
 * The statement text an audit record may carry: every literal and comment replaced, identifiers and
 * keywords kept. A security admin sees what was asked of which tables and columns
 * ({@code SELECT ssn FROM phi_restricted.patients WHERE last = ?}) while the values a WHERE clause
 * compares against, which may be names, SSNs or dates of birth, never reach the audit trail.
 *
 * <p>String literals ('…', "…", with Hive's backslash escapes) and numbers become {@code ?};
 * comments ({@code -- …} and block comments, hints included) are dropped; `quoted identifiers`
 * stay as they are. Text that cannot be a complete statement (an unclosed quote) is cut at the
 * quote, so nothing after it is kept.
 */
public final class StatementRedactor {
  /** Longest statement kept; the rest is cut and marked (Ranger truncates reqData itself too). */
  static final int MAX_LENGTH = 4000;
  static final String PLACEHOLDER = "?";

  private StatementRedactor() {
  }

  /** The redacted statement, or null for null. */
  public static String redact(String sql) {
    if (sql == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX_LENGTH + 16));
    int n = sql.length();
    int i = 0;
    while (i < n && out.length() <= MAX_LENGTH) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && next == '*') {
        int close = sql.indexOf("*/", i + 2);
        if (close < 0) {
          break;
        }
        i = close + 2;
        out.append(' ');
        continue;
      }
      if (c == '\'' || c == '"') {
        int end = endOfString(sql, i);
        if (end < 0) {
          out.append(PLACEHOLDER);
          break;
        }
        out.append(PLACEHOLDER);
        i = end;
        continue;
      }
      if (c == '`') {
        int close = sql.indexOf('`', i + 1);
        if (close < 0) {
          break;
        }
        out.append(sql, i, close + 1);
        i = close + 1;
        continue;
      }
      if (Character.isDigit(c) && !partOfIdentifier(out)) {
        // 12, 3.5, 1e-3, 2.5BD, 7L: one number, whatever its suffix
        i++;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.'
            || ((sql.charAt(i) == '-' || sql.charAt(i) == '+') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E')))) {
          i++;
        }
        out.append(PLACEHOLDER);
        continue;
      }
      out.append(Character.isWhitespace(c) ? ' ' : c);
      i++;
    }
    String text = out.toString().replaceAll(" {2,}", " ").strip();
    if (text.length() > MAX_LENGTH) {
      text = text.substring(0, MAX_LENGTH) + " …";
    }
    return text;
  }

  /** Index just past the quote closing the one at {@code start}, or -1 when it never closes. */
  private static int endOfString(String sql, int start) {
    char quote = sql.charAt(start);
    for (int i = start + 1; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    return -1;
  }

  /** Whether the text so far ends inside a name (col1, t2.x9), so a digit continues it. */
  private static boolean partOfIdentifier(StringBuilder out) {
    if (out.length() == 0) {
      return false;
    }
    char last = out.charAt(out.length() - 1);
    return Character.isLetterOrDigit(last) || last == '_' || last == '$';
  }
}
