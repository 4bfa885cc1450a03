package org.carelake.hive.ranger;

import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerDataMaskTypeDef;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;

/**
 * Turns a data-mask decision into the Hive expression that replaces a column. Fails closed:
 * a mask type the service-def does not define, or one without a transformer, yields NULL,
 * never the original value. A policy's mask condition is not supported and does not unmask.
 * {col} becomes the quoted column name: columns such as `start` or `date` are Hive keywords.
 */
final class ColumnMasks {
  static final String NULL = "NULL";

  private ColumnMasks() {
  }

  /** The expression for {@code column}, or null when the result does not mask it. */
  static String transformer(RangerAccessResult result, String column) {
    if (result == null || !result.isMaskEnabled()) {
      return null;
    }
    String maskType = result.getMaskType();
    if (RangerPolicy.MASK_TYPE_NULL.equals(maskType)) {
      return NULL;
    }
    if (RangerPolicy.MASK_TYPE_CUSTOM.equals(maskType)) {
      String value = result.getMaskedValue();
      return value == null || value.isBlank() ? NULL : value.replace("{col}", quoted(column));
    }
    RangerDataMaskTypeDef def = result.getMaskTypeDef();
    String transformer = def == null ? null : def.getTransformer();
    if (def == null || !def.getName().equals(maskType) || transformer == null || transformer.isBlank()) {
      return NULL;
    }
    return transformer.replace("{col}", quoted(column));
  }

  /** A Hive identifier: backticks, with any backtick inside doubled. */
  static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
