package org.carelake.hive.hql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits HQL text into statements at each ';' outside quotes and comments. Removes '--' line
 * comments (a statement that is only a comment is no statement); keeps block comments, which
 * may be optimizer hints ({@code /*+ MAPJOIN(t) *}{@code /}), but never splits inside them.
 * Quoted strings ('…', "…") honour backslash escapes, as Hive's lexer does; `identifiers` end at
 * the next backtick.
 */
final class HqlSplitter {
  /** A statement before variable substitution. */
  record Raw(int line, String text) {
  }

  private HqlSplitter() {
  }

  static List<Raw> split(String text, String origin) {
    List<Raw> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int startLine = -1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        // line comment: skip to the line break, which is kept so line numbers stay true
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == ';') {
        if (startLine > 0) {
          out.add(new Raw(startLine, current.toString().strip()));
        }
        current.setLength(0);
        startLine = -1;
        i++;
        continue;
      }
      if (!Character.isWhitespace(c) && startLine < 0) {
        startLine = line;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int end = endOfQuoted(text, i, origin, line);
        String quoted = text.substring(i, end);
        current.append(quoted);
        line += count(quoted, '\n');
        i = end;
        continue;
      }
      if (c == '/' && next == '*') {
        int close = text.indexOf("*/", i + 2);
        if (close < 0) {
          throw new HqlException("%s:%d: the block comment opened here is never closed; add */", origin, line);
        }
        String comment = text.substring(i, close + 2);
        current.append(comment);
        line += count(comment, '\n');
        i = close + 2;
        continue;
      }
      if (startLine > 0) {
        current.append(c);
      }
      if (c == '\n') {
        line++;
      }
      i++;
    }
    if (startLine > 0) {
      throw new HqlException("%s:%d: the last statement does not end with ';'; add one (a cut-off file is "
          + "not run by halves)", origin, startLine);
    }
    return out;
  }

  /** Index just past the quote that closes the one at {@code start}. */
  private static int endOfQuoted(String text, int start, String origin, int line) {
    char quote = text.charAt(start);
    boolean escapes = quote != '`';
    for (int i = start + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (escapes && c == '\\') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    throw new HqlException("%s:%d: the %s opened here is never closed; close it (or escape it with \\)", origin, line,
        quote == '`' ? "backtick identifier" : "string " + quote + "…" + quote);
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }
}
