package org.carelake.hive.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an audit record may keep of a statement: its shape, never its values. */
class StatementRedactorTest {
  @Test
  void literalsAndCommentsGoIdentifiersStay() {
    assertThat(StatementRedactor.redact("SELECT ssn, `first` FROM phi_restricted.patients WHERE last = 'O\\'Brien' "
        + "AND ssn = \"999-00-0001\" AND dt >= '2024-01-01' -- Ann's record\n AND age > 89 /* hint 555-55-5555 */"))
        .isEqualTo("SELECT ssn, `first` FROM phi_restricted.patients WHERE last = ? AND ssn = ? AND dt >= ? "
            + "AND age > ?");
    assertThat(StatementRedactor.redact("INSERT INTO t VALUES (1, 2.5, -3e-4, 7L, 'x')"))
        .isEqualTo("INSERT INTO t VALUES (?, ?, -?, ?, ?)");
    assertThat(StatementRedactor.redact("SELECT col1, t2.x9 FROM db3.tab4")).isEqualTo("SELECT col1, t2.x9 FROM db3.tab4");
    assertThat(StatementRedactor.redact("SELECT DATE '2024-02-29', INTERVAL '1' DAY")).isEqualTo("SELECT DATE ?, INTERVAL ? DAY");
  }

  @Test
  void anUnclosedQuoteCutsTheRestAndLongStatementsAreCut() {
    assertThat(StatementRedactor.redact("SELECT * FROM p WHERE ssn = '999-00-0001")).isEqualTo("SELECT * FROM p WHERE ssn = ?");
    assertThat(StatementRedactor.redact("SELECT 1 /* never closed 999-00-0001")).isEqualTo("SELECT ?");
    String longOne = "SELECT " + "a, ".repeat(3000) + "b FROM t";
    String redacted = StatementRedactor.redact(longOne);
    assertThat(redacted).hasSizeLessThanOrEqualTo(StatementRedactor.MAX_LENGTH + 2).endsWith("…");
    assertThat(StatementRedactor.redact(null)).isNull();
  }

  @Test
  void redactingTwiceChangesNothing() {
    String once = StatementRedactor.redact("SELECT * FROM t WHERE a = 'x' AND b = 12");
    assertThat(StatementRedactor.redact(once)).isEqualTo(once);
  }
}
