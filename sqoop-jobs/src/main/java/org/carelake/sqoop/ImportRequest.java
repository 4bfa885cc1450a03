package org.carelake.sqoop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link ImportTable}: what to import, from where, to where. The pipeline
 * builds it with {@link #builder()} and {@link #toArguments()}; the child parses it back with
 * {@link #parse(String[])}.
 */
public record ImportRequest(Path catalog, String table, Path optionsFile, String connect, Optional<String> username,
    Optional<Path> passwordFile, Optional<String> passwordAlias, Optional<String> credentialProvider,
    Optional<ImportWindow> window, String targetDir, Path workDir, int mappers, Path resultFile) {

  public static final String USAGE = String.join("\n",
      "Usage: java -cp <sqoop-jobs/target/classpath.txt>:<sqoop-jobs jar> org.carelake.sqoop.ImportTable \\",
      "    --catalog FILE --table NAME --options-file FILE --connect JDBC_URL [--username U] \\",
      "    [--password-file FILE | --password-alias ALIAS --credential-provider URI] \\",
      "    [--window-start 'yyyy-MM-dd HH:mm:ss' --window-end 'yyyy-MM-dd HH:mm:ss'] \\",
      "    --target-dir DIR --work-dir DIR --mappers N --result-file FILE",
      "",
      "Imports one catalog table with Sqoop 1.4.7 (local runner, in this JVM) into Avro data files (bzip2)",
      "and checks the staged record count against the source row count.",
      "  --catalog FILE        the data classification catalog (catalog/data-classification.json)",
      "  --table NAME          a catalog table, e.g. observations",
      "  --options-file FILE   its generated Sqoop options file, e.g. sqoop-jobs/ehr/observations.options",
      "  --connect JDBC_URL    jdbc:h2:file:..., jdbc:postgresql://host/db or jdbc:mariadb://host/db",
      "  --username U          database user",
      "  --password-file FILE  local file holding the password (no trailing newline), mode 0400 (checked)",
      "  --password-alias A    or: the password's alias in a Hadoop credential provider (Sqoop's --password-alias)",
      "  --credential-provider URI  that provider, e.g. jceks://file/etc/carelake/sources.jceks (store mode 0400/0600)",
      "  --window-start/-end   import rows with start <= last_modified < end; both absent = every row",
      "  --target-dir DIR      Hadoop path of the staging partition; must not exist",
      "  --work-dir DIR        private scratch directory (created 0700, must not exist, deleted at the end)",
      "  --mappers N           parallel map tasks (splits on row_id)",
      "  --result-file FILE    JSON result: table, source, sourceRows, stagedRows, files, bytes, sqoopExitCode,",
      "                        avroCodec, windowStart, windowEnd, status, error",
      "Exit 0 when Sqoop returned 0, _SUCCESS exists and stagedRows == sourceRows; otherwise exit 2 with one",
      "line on stderr starting 'IMPORT FAILED:'.");

  public ImportRequest {
    require(catalog, "--catalog");
    require(table, "--table");
    require(optionsFile, "--options-file");
    require(connect, "--connect");
    require(targetDir, "--target-dir");
    require(workDir, "--work-dir");
    require(resultFile, "--result-file");
    if (mappers < 1) {
      throw new IllegalArgumentException("--mappers must be at least 1; got " + mappers);
    }
    username = username == null ? Optional.empty() : username;
    passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
    passwordAlias = passwordAlias == null ? Optional.empty() : passwordAlias;
    credentialProvider = credentialProvider == null ? Optional.empty() : credentialProvider;
    if (passwordAlias.isPresent() != credentialProvider.isPresent()) {
      throw new IllegalArgumentException("Give --password-alias and --credential-provider together");
    }
    if (passwordAlias.isPresent() && passwordFile.isPresent()) {
      throw new IllegalArgumentException("Give --password-file or --password-alias, not both");
    }
    window = window == null ? Optional.empty() : window;
  }

  private static void require(Object value, String option) {
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException(option + " is required; see --help");
    }
  }

  /** Parses the command line; an IllegalArgumentException names the bad argument. */
  public static ImportRequest parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>();
    List<String> known = List.of("--catalog", "--table", "--options-file", "--connect", "--username",
        "--password-file", "--password-alias", "--credential-provider", "--window-start", "--window-end",
        "--target-dir", "--work-dir", "--mappers", "--result-file");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!known.contains(a)) {
        throw new IllegalArgumentException("Unknown argument '" + a + "'; see --help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value; see --help");
      }
      if (v.put(a, args[++i]) != null) {
        throw new IllegalArgumentException(a + " is given twice");
      }
    }
    for (String required : List.of("--catalog", "--table", "--options-file", "--connect", "--target-dir", "--work-dir",
        "--mappers", "--result-file")) {
      require(v.get(required), required);
    }
    String ws = v.get("--window-start");
    String we = v.get("--window-end");
    if ((ws == null) != (we == null)) {
      throw new IllegalArgumentException("Give both --window-start and --window-end, or neither for a full import");
    }
    int mappers;
    try {
      mappers = Integer.parseInt(v.get("--mappers"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--mappers needs a whole number; got '" + v.get("--mappers") + "'");
    }
    return new ImportRequest(path(v.get("--catalog")), v.get("--table"), path(v.get("--options-file")),
        v.get("--connect"), Optional.ofNullable(v.get("--username")),
        Optional.ofNullable(v.get("--password-file")).map(Path::of), Optional.ofNullable(v.get("--password-alias")),
        Optional.ofNullable(v.get("--credential-provider")),
        ws == null ? Optional.empty() : Optional.of(ImportWindow.parse(ws, we)), v.get("--target-dir"),
        path(v.get("--work-dir")), mappers, path(v.get("--result-file")));
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }

  /** The command-line arguments that {@link #parse(String[])} reads back into this request. */
  public List<String> toArguments() {
    List<String> a = new ArrayList<>(List.of("--catalog", catalog.toString(), "--table", table,
        "--options-file", optionsFile.toString(), "--connect", connect));
    username.ifPresent(u -> a.addAll(List.of("--username", u)));
    passwordFile.ifPresent(p -> a.addAll(List.of("--password-file", p.toString())));
    passwordAlias.ifPresent(p -> a.addAll(List.of("--password-alias", p)));
    credentialProvider.ifPresent(p -> a.addAll(List.of("--credential-provider", p)));
    window.ifPresent(w -> a.addAll(List.of("--window-start", ImportWindow.format(w.start()),
        "--window-end", ImportWindow.format(w.end()))));
    a.addAll(List.of("--target-dir", targetDir, "--work-dir", workDir.toString(),
        "--mappers", Integer.toString(mappers), "--result-file", resultFile.toString()));
    return a;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a request option by option; {@link #build()} checks it like the command line. */
  public static final class Builder {
    private Path catalog;
    private String table;
    private Path optionsFile;
    private String connect;
    private String username;
    private Path passwordFile;
    private String passwordAlias;
    private String credentialProvider;
    private ImportWindow window;
    private String targetDir;
    private Path workDir;
    private int mappers = 1;
    private Path resultFile;

    private Builder() {
    }

    public Builder catalog(Path v) {
      catalog = v;
      return this;
    }

    public Builder table(String v) {
      table = v;
      return this;
    }

    public Builder optionsFile(Path v) {
      optionsFile = v;
      return this;
    }

    public Builder connect(String v) {
      connect = v;
      return this;
    }

    public Builder username(String v) {
      username = v;
      return this;
    }

    public Builder passwordFile(Path v) {
      passwordFile = v;
      return this;
    }

    /** The password's alias in {@code provider} (a Hadoop credential provider URI), instead of a password file. */
    public Builder passwordAlias(String alias, String provider) {
      passwordAlias = alias;
      credentialProvider = provider;
      return this;
    }

    /** The window; null (the default) imports every row. */
    public Builder window(ImportWindow v) {
      window = v;
      return this;
    }

    public Builder targetDir(String v) {
      targetDir = v;
      return this;
    }

    public Builder workDir(Path v) {
      workDir = v;
      return this;
    }

    public Builder mappers(int v) {
      mappers = v;
      return this;
    }

    public Builder resultFile(Path v) {
      resultFile = v;
      return this;
    }

    public ImportRequest build() {
      return new ImportRequest(catalog, table, optionsFile, connect, Optional.ofNullable(username),
          Optional.ofNullable(passwordFile), Optional.ofNullable(passwordAlias), Optional.ofNullable(credentialProvider),
          Optional.ofNullable(window), targetDir, workDir, mappers, resultFile);
    }
  }
}
