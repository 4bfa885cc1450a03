package org.carelake.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.hadoop.util.ToolRunner;
import org.apache.parquet.crypto.KeyAccessDeniedException;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.crypto.keytools.KeyToolkit;
import org.carelake.catalog.DataCatalog;
import org.carelake.catalog.TableSpec;
import org.carelake.split.crypto.CryptoConf;
import org.carelake.split.crypto.LocalKeyStores;
import org.carelake.split.keys.TokenKeys;
import org.carelake.split.output.Zone;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zones are encrypted under their own master keys: a file copied out cannot be read without
 * them, a reader holding only the general key is denied the restricted zone, and a missing or
 * wrong key (token or master) fails the split before anything is written.
 */
class ZoneEncryptionAndKeysTest {
  static final String DATE = "2024-06-30";

  @TempDir
  static Path tmp;
  static DataCatalog catalog;
  static String tokenKey;
  static String otherTokenKey;
  static String kms;
  static org.apache.hadoop.fs.Path patients;

  @BeforeAll
  static void stage() throws IOException {
    catalog = Staging.catalog();
    tokenKey = TokenKeys.createLocalKeyStore(new Configuration(false), tmp.resolve("keys/carelake.jceks"));
    otherTokenKey = TokenKeys.createLocalKeyStore(new Configuration(false), tmp.resolve("keys/other.jceks"));
    kms = LocalKeyStores.createKmsKeyStore(new Configuration(false), tmp.resolve("keys/kms.jceks"),
        List.of(Zone.values()));
    TableSpec spec = catalog.table("patients");
    Schema schema = Staging.schema(spec, false);
    List<GenericRecord> records = new ArrayList<>();
    long rowId = 1;
    for (Map<String, String> row : SyntheaSample.rows("patients")) {
      records.add(Staging.record(schema, spec, row, rowId++, "2024-06-30 02:00:00"));
    }
    Path dir = tmp.resolve("lake/staging/ehr/patients/dt=" + DATE);
    Staging.write(dir.resolve("part-m-00000.avro"), schema, records);
    patients = new org.apache.hadoop.fs.Path(dir.toUri());
  }

  static Configuration conf(String tokenProvider, String kmsProvider) {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop-tmp").toString());
    SplitJobConf.setCatalogJson(conf, catalog.text());
    SplitJobConf.setTable(conf, "patients");
    SplitJobConf.setBusinessDate(conf, java.time.LocalDate.parse(DATE));
    SplitJobConf.setKeyCheckFile(conf, new org.apache.hadoop.fs.Path(tmp.resolve("lake/_keys/key-check.json").toUri()));
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, tokenProvider);
    CryptoConf.setKeyProviderPath(conf, kmsProvider);
    return conf;
  }

  static org.apache.hadoop.fs.Path out(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve("out").resolve(name).toUri());
  }

  /** A reader's configuration: its own key store and its own Parquet access token (its own key caches). */
  static Configuration reader(String kmsProvider, String token) {
    Configuration c = new Configuration(false);
    CryptoConf.setKeyProviderPath(c, kmsProvider);
    c.set(KeyToolkit.KEY_ACCESS_TOKEN_PROPERTY_NAME, token);
    CryptoConf.applyDefaults(c);
    return c;
  }

  @Test
  void aCopiedRestrictedFileIsUnreadableWithoutTheKeyAndAGeneralKeyReaderIsDenied() throws Exception {
    SplitResult r = PhiSplitJob.run(conf(tokenKey, kms), patients, out("enc"));
    assertThat(r.restrictedRows()).isEqualTo(11);
    assertThat(r.restrictedAudit().distinctPatients()).isEqualTo(11);
    Configuration steward = reader(kms, "steward");
    List<Map<String, Object>> restricted = ParquetRows.read(steward, r.zoneDir(Zone.RESTRICTED));
    assertThat(restricted).extracting(m -> m.get("ssn")).contains("999-33-2827");

    // a copy of the file: no plaintext identifier in its bytes, and no reader without keys gets past the footer
    org.apache.hadoop.fs.Path file = ParquetRows.files(steward, r.zoneDir(Zone.RESTRICTED)).get(0);
    Path copy = tmp.resolve("copied-out.parquet");
    Files.copy(Path.of(file.toUri()), copy);
    String bytes = new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("999-33-2827").doesNotContain("Temika453").doesNotContain("ssn");
    org.apache.hadoop.fs.Path copied = new org.apache.hadoop.fs.Path(copy.toUri());
    assertThatThrownBy(() -> ParquetRows.schema(new Configuration(false), copied))
        .isInstanceOf(ParquetCryptoRuntimeException.class).hasMessageContaining("encrypted footer");

    // an analyst-side reader whose key store holds only the general key
    String generalOnly = LocalKeyStores.copyKeys(new Configuration(false), kms, tmp.resolve("keys/general-only.jceks"),
        List.of(CryptoConf.DEFAULT_GENERAL_KEY));
    Configuration analyst = reader(generalOnly, "analyst");
    assertThatThrownBy(() -> ParquetRows.read(analyst, r.zoneDir(Zone.RESTRICTED)))
        .hasRootCauseInstanceOf(KeyAccessDeniedException.class).rootCause().hasMessageContaining("carelake-restricted");
    assertThatThrownBy(() -> ParquetRows.read(analyst, r.zoneDir(Zone.LIMITED)))
        .hasRootCauseInstanceOf(KeyAccessDeniedException.class);
    // ... but it is not the store that lacks the general key: the general zone reads, with the same tokens
    List<Map<String, Object>> general = ParquetRows.read(analyst, r.zoneDir(Zone.GENERAL));
    assertThat(general).hasSize(11).extracting(g -> g.get("id"))
        .containsExactlyInAnyOrderElementsOf(restricted.stream().map(m -> m.get("patient_token")).toList());
  }

  @Test
  void aMissingMasterKeyFailsBeforeAnythingIsWritten() {
    String noRestricted;
    try {
      noRestricted = LocalKeyStores.createKmsKeyStore(new Configuration(false), tmp.resolve("keys/no-restricted.jceks"),
          List.of(Zone.GENERAL, Zone.LIMITED));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    assertThatThrownBy(() -> PhiSplitJob.run(conf(tokenKey, noRestricted), patients, out("no-master")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("carelake-restricted")
        .hasMessageContaining("restricted/quarantine").hasMessageContaining("hadoop key create")
        .hasMessageContaining("Nothing was written");
    assertThat(tmp.resolve("out/no-master")).doesNotExist();
    Configuration noProvider = conf(tokenKey, kms);
    noProvider.unset(CryptoConf.KEY_PROVIDER_PATH);
    assertThatThrownBy(() -> PhiSplitJob.run(noProvider, patients, out("no-provider")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining(CryptoConf.KEY_PROVIDER_PATH);
    assertThat(tmp.resolve("out/no-provider")).doesNotExist();
  }

  @Test
  void keysOtherThanTheLakesFailBeforeAnythingIsWritten() throws Exception {
    // the lake records its keys on its first split
    PhiSplitJob.run(conf(tokenKey, kms), patients, out("first"));
    assertThat(tmp.resolve("lake/_keys/key-check.json")).exists();
    String check = Files.readString(tmp.resolve("lake/_keys/key-check.json"));
    assertThat(check).contains("token_key_fingerprint", "carelake-restricted", "carelake-general");

    assertThatThrownBy(() -> PhiSplitJob.run(conf(otherTokenKey, kms), patients, out("other-token")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("token key")
        .hasMessageContaining("not the key this lake was built with");
    assertThat(tmp.resolve("out/other-token")).doesNotExist();

    // same key ids, other key material: a key store made afresh
    String otherKms = LocalKeyStores.createKmsKeyStore(new Configuration(false), tmp.resolve("keys/other-kms.jceks"),
        List.of(Zone.values()));
    assertThatThrownBy(() -> PhiSplitJob.run(conf(tokenKey, otherKms), patients, out("other-master")))
        .isInstanceOf(SplitJobException.class).hasMessageContaining("Master key 'carelake-")
        .hasMessageContaining("not the key");
    assertThat(tmp.resolve("out/other-master")).doesNotExist();

    PhiSplitJob.run(conf(tokenKey, kms), patients, out("again"));
    assertThat(tmp.resolve("out/again/_SUCCESS")).exists();
  }

  /**
   * The command line as the Oozie workflow's split-T runs it: the token key store and the lake's
   * key check file come as ToolRunner -D options, and a token key other than the lake's fails.
   */
  @Test
  void theKeyCheckGivenAsACommandLineOptionRefusesAnotherTokenKey() throws Exception {
    org.apache.hadoop.fs.Path keyCheck = new org.apache.hadoop.fs.Path(tmp.resolve("cli-lake/_keys/key-check.json").toUri());
    Path catalogFile = Path.of(System.getProperty("carelake.home"), DataCatalog.DEFAULT_RELATIVE_PATH);
    Configuration conf = conf(tokenKey, kms);
    for (String key : List.of(SplitJobConf.CATALOG_JSON, SplitJobConf.TABLE, SplitJobConf.BUSINESS_DATE,
        SplitJobConf.KEY_CHECK_FILE, CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH)) {
      conf.unset(key);
    }
    BiFunction<String, String, String[]> args = (provider, output) -> new String[] {
        "-D", CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "=" + provider,
        "-D", SplitJobConf.KEY_CHECK_FILE + "=" + keyCheck,
        "-D", SplitJobConf.SOURCE_TIME_ZONE + "=America/New_York",
        "--catalog", catalogFile.toString(), "--table", "patients", "--date", DATE, patients.toString(),
        out(output).toString()};

    assertThat(ToolRunner.run(conf, new PhiSplitJob(), args.apply(tokenKey, "cli-first"))).isZero();
    assertThat(tmp.resolve("cli-lake/_keys/key-check.json")).exists();

    assertThat(ToolRunner.run(conf, new PhiSplitJob(), args.apply(otherTokenKey, "cli-other")))
        .isEqualTo(1);
    assertThat(tmp.resolve("out/cli-other")).doesNotExist();
  }
}
