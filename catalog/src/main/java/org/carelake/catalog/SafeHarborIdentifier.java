package org.carelake.catalog;

import java.util.Locale;

/**
 * The 18 identifiers HIPAA's Safe Harbor method removes (45 CFR 164.514(b)(2)(i)(A)-(R)), of the
 * individual or of relatives, employers or household members. A catalog column that holds one
 * names it in "safe_harbor"; docs/SAFE_HARBOR.md maps each to the columns and treatments that
 * handle it, or says why the sources do not hold it.
 */
public enum SafeHarborIdentifier {
  NAMES('A', "names"),
  GEOGRAPHY('B', "geographic subdivisions smaller than a state (street, city, county, ZIP, geocodes)"),
  DATES('C', "elements of dates (except year) related to the individual, and ages over 89"),
  TELEPHONE('D', "telephone numbers"),
  FAX('E', "fax numbers"),
  EMAIL('F', "e-mail addresses"),
  SSN('G', "social security numbers"),
  MEDICAL_RECORD_NUMBER('H', "medical record numbers"),
  HEALTH_PLAN_BENEFICIARY_NUMBER('I', "health plan beneficiary numbers"),
  ACCOUNT_NUMBER('J', "account numbers"),
  CERTIFICATE_LICENSE_NUMBER('K', "certificate/license numbers"),
  VEHICLE_IDENTIFIER('L', "vehicle identifiers and serial numbers, including license plates"),
  DEVICE_IDENTIFIER('M', "device identifiers and serial numbers"),
  URL('N', "web universal resource locators"),
  IP_ADDRESS('O', "internet protocol addresses"),
  BIOMETRIC('P', "biometric identifiers, including finger and voice prints"),
  FACE_PHOTO('Q', "full-face photographs and comparable images"),
  OTHER_UNIQUE_ID('R', "any other unique identifying number, characteristic or code");

  private final char paragraph;
  private final String description;

  SafeHarborIdentifier(char paragraph, String description) {
    this.paragraph = paragraph;
    this.description = description;
  }

  /** The paragraph of 45 CFR 164.514(b)(2)(i): A for names ... R for other unique numbers. */
  public char paragraph() {
    return paragraph;
  }

  public String description() {
    return description;
  }

  static SafeHarborIdentifier parse(String value, String where) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CatalogException("%s has \"safe_harbor\": \"%s\"; use one of %s", where, value,
          java.util.Arrays.toString(values()));
    }
  }
}
