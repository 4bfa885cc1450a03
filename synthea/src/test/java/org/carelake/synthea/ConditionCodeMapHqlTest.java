package org.carelake.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed condition_code_map.hql is exactly the Synthea jar's map. */
class ConditionCodeMapHqlTest {
  static final Path HOME = Path.of(System.getProperty("carelake.home"));

  @Test
  void theCommittedFileMatchesTheSyntheaJar() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ConditionCodeMapHql.run(new String[] {"--check"}, HOME, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
  }

  @Test
  void everyAlternativeOfTheJarsMapIsARowInSyntheasOrder() throws Exception {
    List<ConditionCodeMapHql.Mapping> rows = ConditionCodeMapHql.mappings();
    // 574 SNOMED CT codes with 1,891 ICD-10-CM alternatives in Synthea 3.3.0
    assertThat(rows.stream().map(ConditionCodeMapHql.Mapping::snomed).distinct()).hasSize(574);
    assertThat(rows).hasSize(1891);
    Map<String, List<String>> colon = rows.stream().filter(r -> r.snomed().equals("109838007"))
        .collect(Collectors.groupingBy(ConditionCodeMapHql.Mapping::snomed,
            Collectors.mapping(r -> r.choice() + ":" + r.icd10(), Collectors.toList())));
    assertThat(colon.get("109838007")).containsExactly("1:C18.8", "2:C20");

    // every row is in the file, quotes escaped, and the file parses into rows again
    String text = Files.readString(HOME.resolve(ConditionCodeMapHql.RELATIVE_PATH));
    String literal = "'((?:[^'\\\\]|\\\\.)*)'";
    Matcher m = Pattern.compile("^\\(" + literal + ", " + literal + ", " + literal + ", " + literal + ", (\\d+), ",
        Pattern.MULTILINE).matcher(text);
    int n = 0;
    while (m.find()) {
      ConditionCodeMapHql.Mapping r = rows.get(n++);
      assertThat(m.group(1)).isEqualTo(r.snomed());
      assertThat(m.group(3)).isEqualTo(r.icd10());
      assertThat(m.group(4).replace("\\'", "'").replace("\\\\", "\\")).isEqualTo(r.description());
      assertThat(Integer.parseInt(m.group(5))).isEqualTo(r.choice());
    }
    assertThat(n).isEqualTo(rows.size());
  }

  @Test
  void exactlyOneAlternativePerCodeIsPreferredAndItFitsTheCondition() {
    List<ConditionCodeMapHql.Mapping> rows = ConditionCodeMapHql.mappings();
    Map<String, List<String>> preferred = rows.stream().filter(ConditionCodeMapHql.Mapping::preferred)
        .collect(Collectors.groupingBy(ConditionCodeMapHql.Mapping::snomed,
            Collectors.mapping(ConditionCodeMapHql.Mapping::icd10, Collectors.toList())));
    assertThat(preferred).hasSize(574).allSatisfy((code, icd) -> assertThat(icd).as(code).hasSize(1));
    // first listed by Synthea: P29.2 Neonatal hypertension, B08.5 Enteroviral vesicular pharyngitis, P78.83 Newborn reflux
    assertThat(preferred.get("59621000")).as("Essential hypertension").containsExactly("I10");
    assertThat(preferred.get("195662009")).as("Acute viral pharyngitis").containsExactly("J02.9");
    assertThat(preferred.get("235595009")).as("Gastroesophageal reflux disease").containsExactly("K21.9");
    assertThat(preferred.get("44054006")).as("Diabetes mellitus type 2, one alternative").containsExactly("E11.9");
    // where Synthea weighs every alternative, the heaviest is preferred
    rows.stream().collect(Collectors.groupingBy(ConditionCodeMapHql.Mapping::snomed)).forEach((code, alternatives) -> {
      if (alternatives.size() > 1 && alternatives.stream().allMatch(a -> a.weight() != null)) {
        double max = alternatives.stream().mapToDouble(ConditionCodeMapHql.Mapping::weight).max().orElseThrow();
        assertThat(alternatives.stream().filter(ConditionCodeMapHql.Mapping::preferred).findFirst().orElseThrow()
            .weight()).as(code).isEqualTo(max);
      }
    });
  }

  @Test
  void aStaleFileIsReportedWithTheCommandToRegenerateIt(@TempDir Path home) throws Exception {
    Path file = home.resolve(ConditionCodeMapHql.RELATIVE_PATH);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "-- old\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(ConditionCodeMapHql.run(new String[0], home, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("is stale").contains("--write");
    assertThat(ConditionCodeMapHql.run(new String[] {"--write"}, home, new PrintStream(new ByteArrayOutputStream()),
        System.err)).isZero();
    assertThat(Files.readString(file)).startsWith("-- snapshot.condition_code_map").contains("'J20.9'");
  }

  @Test
  void quotesAndBackslashesAreEscapedForHive() {
    assertThat(ConditionCodeMapHql.quote("Alzheimer's \\ x")).isEqualTo("'Alzheimer\\'s \\\\ x'");
  }
}
