package org.carelake.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data classification catalog (catalog/data-classification.json): every source table and
 * column with its HIPAA treatment. The import, the split job and the Hive DDL are all driven by
 * it, so a column it does not know cannot reach the general zone.
 */
public final class DataCatalog {
  /** The catalog's path in the repository, relative to the CareLake home directory. */
  public static final String DEFAULT_RELATIVE_PATH = "catalog/data-classification.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String origin;
  private final String text;
  private final Map<String, String> sources;
  private final String restrictedZip3Version;
  private final Set<String> restrictedZip3;
  private final Map<String, TableSpec> tables;
  private final Map<String, Profile> targets;

  /** The de-identified zone every catalog has (Safe Harbor unless "targets" says otherwise). */
  public static final String GENERAL_TARGET = "general";
  /** The optional internal zone for a limited data set. */
  public static final String LIMITED_TARGET = "limited";

  private DataCatalog(String origin, String text, Map<String, String> sources, String restrictedZip3Version,
      Set<String> restrictedZip3, Map<String, TableSpec> tables, Map<String, Profile> targets) {
    this.origin = origin;
    this.text = text;
    this.sources = sources;
    this.restrictedZip3Version = restrictedZip3Version;
    this.restrictedZip3 = restrictedZip3;
    this.tables = tables;
    this.targets = targets;
  }

  public static DataCatalog load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new CatalogException(e, "Cannot read the data classification catalog %s: %s; "
          + "pass the right path with --catalog or set carelake.catalog.file", file, e.getMessage());
    }
  }

  /** Parses catalog JSON; {@code origin} names it in error messages (a path, or "job configuration"). */
  public static DataCatalog parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new CatalogException(e, "The data classification catalog %s is not valid JSON (line %d): %s",
          origin, e.getLocation() == null ? -1 : e.getLocation().getLineNr(), e.getOriginalMessage());
    }
    CatalogException.check(root != null && root.isObject(), "The data classification catalog %s is empty", origin);
    Map<String, String> sources = new LinkedHashMap<>();
    root.path("sources").fields().forEachRemaining(e -> sources.put(e.getKey(), e.getValue().asText()));
    CatalogException.check(!sources.isEmpty(), "Catalog %s lists no \"sources\"", origin);

    JsonNode zip = root.path("restricted_zip3");
    Set<String> zip3 = new LinkedHashSet<>();
    zip.path("prefixes").forEach(p -> {
      CatalogException.check(p.asText().matches("\\d{3}"),
          "Catalog %s: restricted ZIP3 prefix '%s' is not three digits", origin, p.asText());
      zip3.add(p.asText());
    });

    Map<String, Profile> targets = targets(root.path("targets"), origin);
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (JsonNode t : root.path("tables")) {
      TableSpec spec = parseTable(t, origin, sources);
      CatalogException.check(tables.put(spec.name(), spec) == null,
          "Catalog %s lists table '%s' twice", origin, spec.name());
    }
    CatalogException.check(!tables.isEmpty(), "Catalog %s lists no \"tables\"", origin);
    return new DataCatalog(origin, json, Collections.unmodifiableMap(sources),
        zip.path("version").asText("unversioned"), Collections.unmodifiableSet(zip3),
        Collections.unmodifiableMap(tables), targets);
  }

  private static Map<String, Profile> targets(JsonNode node, String origin) {
    Map<String, Profile> targets = new LinkedHashMap<>();
    targets.put(GENERAL_TARGET, Profile.SAFE_HARBOR);
    node.fields().forEachRemaining(e -> {
      CatalogException.check(e.getKey().equals(GENERAL_TARGET) || e.getKey().equals(LIMITED_TARGET),
          "Catalog %s \"targets\" names zone '%s'; the lake has the de-identified zones \"%s\" and \"%s\"", origin,
          e.getKey(), GENERAL_TARGET, LIMITED_TARGET);
      targets.put(e.getKey(), Profile.parse(e.getValue().asText(), "Catalog " + origin + " target " + e.getKey()));
    });
    return Collections.unmodifiableMap(targets);
  }

  private static TableSpec parseTable(JsonNode t, String origin, Map<String, String> sources) {
    String name = required(t, "name", "a table in " + origin);
    CatalogException.check(name.matches("[a-z][a-z0-9_]*"),
        "Catalog %s: table name '%s' must be lower case letters, digits and underscores", origin, name);
    String where = "Table '" + name + "' in " + origin;
    String source = required(t, "source", where);
    CatalogException.check(sources.containsKey(source),
        "%s has source '%s'; use one of %s", where, source, sources.keySet());
    List<ColumnSpec> columns = new ArrayList<>();
    for (JsonNode c : t.path("columns")) {
      String col = required(c, "name", "a column of " + where);
      String colWhere = "Column " + name + "." + col;
      String treatmentName = required(c, "treatment", colWhere);
      Treatment treatment;
      try {
        treatment = Treatment.valueOf(treatmentName);
      } catch (IllegalArgumentException e) {
        throw new CatalogException("%s has treatment '%s'; use one of %s", colWhere, treatmentName,
            java.util.Arrays.toString(Treatment.values()));
      }
      columns.add(new ColumnSpec(col, LogicalType.parse(required(c, "type", colWhere), colWhere), treatment,
          Optional.ofNullable(c.path("domain").textValue()), c.path("required").asBoolean(false),
          Optional.ofNullable(c.path("note").textValue()), suppressWhen(c.get("suppress_when"), colWhere),
          Optional.ofNullable(c.path("safe_harbor").textValue()).map(v -> SafeHarborIdentifier.parse(v, colWhere)),
          rules(c, colWhere)));
    }
    CatalogException.check(!columns.isEmpty(), "%s lists no columns", where);
    Optional<Double> maxQuarantine = Optional.empty();
    if (t.has("max_quarantine_fraction")) {
      CatalogException.check(t.get("max_quarantine_fraction").isNumber(),
          "%s has a \"max_quarantine_fraction\" that is not a number; use a fraction such as 0.05", where);
      maxQuarantine = Optional.of(t.get("max_quarantine_fraction").asDouble());
    }
    return new TableSpec(name, source, ImportMode.parse(required(t, "import", where), name),
        t.path("description").asText(""), required(t, "key", where),
        Optional.ofNullable(t.path("patient").textValue()), columns, maxQuarantine,
        valueRanges(t.get("value_ranges"), where));
  }

  private static ColumnRules rules(JsonNode c, String where) {
    Set<java.time.LocalDate> sentinels = new LinkedHashSet<>();
    for (JsonNode d : c.path("sentinel_dates")) {
      try {
        sentinels.add(java.time.LocalDate.parse(d.asText()));
      } catch (java.time.format.DateTimeParseException e) {
        throw new CatalogException("%s lists sentinel date '%s'; write it as yyyy-MM-dd", where, d.asText());
      }
    }
    ColumnRules.SentinelAction action = ColumnRules.SentinelAction.QUARANTINE;
    if (c.hasNonNull("on_sentinel")) {
      String a = c.get("on_sentinel").asText();
      CatalogException.check(a.equals("quarantine") || a.equals("null"),
          "%s has \"on_sentinel\": \"%s\"; use \"quarantine\" or \"null\"", where, a);
      action = a.equals("null") ? ColumnRules.SentinelAction.NULL : ColumnRules.SentinelAction.QUARANTINE;
    }
    Optional<CodeSystem> system = Optional.empty();
    if (c.hasNonNull("code_system")) {
      String v = c.get("code_system").asText();
      try {
        system = Optional.of(CodeSystem.valueOf(v));
      } catch (IllegalArgumentException e) {
        throw new CatalogException("%s has \"code_system\": \"%s\"; use one of %s", where, v,
            java.util.Arrays.toString(CodeSystem.values()));
      }
    }
    Set<String> extra = new LinkedHashSet<>();
    c.path("extra_codes").forEach(v -> extra.add(v.asText()));
    if (sentinels.isEmpty() && system.isEmpty() && extra.isEmpty()) {
      return ColumnRules.NONE;
    }
    return new ColumnRules(sentinels, action, system, extra);
  }

  private static Optional<ValueRanges> valueRanges(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String w = where + " \"value_ranges\"";
    Map<String, ValueRanges.Range> ranges = new LinkedHashMap<>();
    node.path("codes").fields().forEachRemaining(e -> {
      JsonNode r = e.getValue();
      CatalogException.check(r.path("min").isNumber() && r.path("max").isNumber(),
          "%s code %s needs numeric \"min\" and \"max\"", w, e.getKey());
      ranges.put(e.getKey(), new ValueRanges.Range(r.path("name").asText(e.getKey()), r.get("min").asDouble(),
          r.get("max").asDouble(), required(r, "units", w + " code " + e.getKey())));
    });
    CatalogException.check(!ranges.isEmpty(), "%s lists no \"codes\"", w);
    return Optional.of(new ValueRanges(required(node, "code_column", w), required(node, "value_column", w),
        required(node, "units_column", w), ranges));
  }

  private static Optional<ValueCondition> suppressWhen(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String column = required(node, "column", where + " \"suppress_when\"");
    Set<String> values = new LinkedHashSet<>();
    node.path("values").forEach(v -> values.add(v.asText()));
    CatalogException.check(!values.isEmpty(), "%s \"suppress_when\" lists no \"values\"; add the codes whose rows "
        + "carry an identifier in this column", where);
    return Optional.of(new ValueCondition(column, values));
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    CatalogException.check(v != null && v.isTextual() && !v.asText().isBlank(),
        "%s has no \"%s\"; add it", where, field);
    return v.asText();
  }

  /** Where this catalog was read from. */
  public String origin() {
    return origin;
  }

  /** The catalog's JSON text, as read (jobs pass it to their tasks through the configuration). */
  public String text() {
    return text;
  }

  public Map<String, String> sources() {
    return sources;
  }

  public List<TableSpec> tables() {
    return List.copyOf(tables.values());
  }

  public List<TableSpec> tablesOf(String source) {
    return tables.values().stream().filter(t -> t.source().equals(source)).toList();
  }

  public TableSpec table(String name) {
    TableSpec t = tables.get(name);
    if (t == null) {
      throw new CatalogException("Table '%s' is not in the data classification catalog %s; known tables: %s",
          name, origin, tables.keySet());
    }
    return t;
  }

  public boolean hasTable(String name) {
    return tables.containsKey(name);
  }

  /** The version label of the restricted ZIP3 list (areas of 20,000 people or fewer). */
  public String restrictedZip3Version() {
    return restrictedZip3Version;
  }

  public Set<String> restrictedZip3() {
    return restrictedZip3;
  }

  /**
   * The de-identified zones and the profile each receives: "general" (always; Safe Harbor unless
   * the catalog says otherwise) and, when the catalog lists it, "limited".
   */
  public Map<String, Profile> targets() {
    return targets;
  }

  /** The profile of a target zone, if the catalog has that target. */
  public Optional<Profile> target(String zone) {
    return Optional.ofNullable(targets.get(zone));
  }
}
