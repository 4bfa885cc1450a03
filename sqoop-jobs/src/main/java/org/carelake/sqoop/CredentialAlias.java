package org.carelake.sqoop;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.ProviderUtils;

/**
 * A source password held under an alias in a Hadoop credential provider (a JCEKS key store on
 * the local disk, HDFS or S3): what Sqoop's --password-alias reads. The store must be owner-only,
 * like a password file; the password itself is never put on a command line or in a log.
 */
final class CredentialAlias {
  /** Hadoop's key naming the credential providers. */
  static final String PROVIDER_PATH = "hadoop.security.credential.provider.path";
  static final String CLEAR_TEXT_FALLBACK = "hadoop.security.credential.clear-text-fallback";

  private CredentialAlias() {
  }

  /** Sets the provider on {@code conf} (as Sqoop reads it) after checking the store's permissions. */
  static void configure(Configuration conf, String providerUri) {
    requirePrivate(providerUri, conf);
    conf.set(PROVIDER_PATH, providerUri);
    // never fall back to a configuration property named like the alias: only the store holds passwords
    conf.setBoolean(CLEAR_TEXT_FALLBACK, false);
  }

  /** Fails unless every key store of {@code providerUris} (comma-separated) exists and is owner-only. */
  static void requirePrivate(String providerUris, Configuration conf) {
    for (String uri : providerUris.split(",")) {
      requirePrivateStore(uri.trim(), conf);
    }
  }

  private static void requirePrivateStore(String providerUri, Configuration conf) {
    Path store;
    try {
      store = ProviderUtils.unnestUri(new URI(providerUri));
    } catch (Exception e) {
      throw new ImportFailure("credential provider " + providerUri + " is not a provider URI (" + e.getMessage()
          + "); use e.g. jceks://file/etc/carelake/sources.jceks or jceks://s3@bucket/keys/sources.jceks");
    }
    FileStatus status;
    try {
      status = store.getFileSystem(conf).getFileStatus(store);
    } catch (IOException e) {
      throw new ImportFailure("credential store " + store + " of " + providerUri + " cannot be read (" + e.getMessage()
          + "); create it with: hadoop credential create ALIAS -provider " + providerUri);
    }
    if (!modeIsEnforced(store)) {
      return; // S3 reports a fixed mode; the bucket's IAM role mapping and KMS key guard the store there
    }
    FsAction group = status.getPermission().getGroupAction();
    FsAction other = status.getPermission().getOtherAction();
    if (group != FsAction.NONE || other != FsAction.NONE) {
      throw new ImportFailure("credential store " + store + " is accessible to group or others (mode "
          + status.getPermission() + "); run chmod 400 (or hdfs dfs -chmod 400) on it and rerun");
    }
  }

  /** Object stores report a made-up mode (S3A and EMRFS: rw-rw-rw-), so only other file systems are checked. */
  static boolean modeIsEnforced(Path store) {
    String scheme = store.toUri().getScheme();
    return scheme == null || !(scheme.equals("s3") || scheme.equals("s3a") || scheme.equals("s3n"));
  }

  /** The password of {@code alias}, for the JDBC checks (Sqoop reads it itself with --password-alias). */
  static String read(Configuration conf, String alias) {
    char[] password;
    try {
      password = conf.getPassword(alias);
    } catch (IOException e) {
      throw new ImportFailure("cannot read alias " + alias + " from " + conf.get(PROVIDER_PATH) + " (" + e.getMessage()
          + "); check --credential-provider");
    }
    if (password == null) {
      throw new ImportFailure("alias " + alias + " is not in the credential provider " + conf.get(PROVIDER_PATH)
          + "; add it with: hadoop credential create " + alias + " -provider " + conf.get(PROVIDER_PATH));
    }
    return new String(password);
  }
}
