package org.carelake.catalog;

import java.util.Set;

/**
 * "When column C of the same row holds one of these values": marks the rows in which a column
 * that is otherwise safe carries an identifier, e.g. observations.value is a street address
 * when observations.code is LOINC 56799-0 (the PRAPARE survey's "Address" question).
 */
public record ValueCondition(String column, Set<String> values) {
  public ValueCondition {
    values = Set.copyOf(values);
  }

  public boolean matches(Object value) {
    return value != null && values.contains(value.toString());
  }
}
