package org.carelake.split.treatments;

/**
 * A source value that cannot become its catalog type. Control flow for quarantine, so no stack
 * trace; the detail names the expected type and never contains the value.
 */
final class BadValueException extends Exception {
  private static final long serialVersionUID = 1L;

  private final QuarantineReason reason;

  BadValueException(QuarantineReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  QuarantineReason reason() {
    return reason;
  }
}
