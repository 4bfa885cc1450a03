package org.carelake.catalog;

/**
 * A column of a general- or restricted-zone table: its name, its Hive type, and the source
 * column it comes from (null for the tokens the split job adds to restricted rows).
 */
public record ZoneColumn(String name, String hiveType, ColumnSpec source) {
}
