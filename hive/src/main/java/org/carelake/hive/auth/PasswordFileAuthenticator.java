package org.carelake.hive.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.security.sasl.AuthenticationException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hive.service.auth.PasswdAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveServer2's CUSTOM authentication against a {@link PasswordFile}
 * (hive.server2.custom.authentication.class; the file named by {@link #PASSWORD_FILE}). The file is
 * re-read when it changes, so a new or changed password applies to the next login. A file that
 * cannot be read, or is readable by others, lets nobody in.
 */
public final class PasswordFileAuthenticator implements PasswdAuthenticationProvider, Configurable {
  /** hive-site.xml key: the password file. */
  public static final String PASSWORD_FILE = "carelake.hive.password.file";
  private static final Logger LOG = LoggerFactory.getLogger(PasswordFileAuthenticator.class);

  private Configuration conf;
  private PasswordFile cached;
  private FileTime cachedTime;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public void Authenticate(String user, String password) throws AuthenticationException {
    String name = conf == null ? null : conf.getTrimmed(PASSWORD_FILE);
    if (name == null || name.isEmpty()) {
      throw new AuthenticationException("HiveServer2 has no password file: set " + PASSWORD_FILE);
    }
    PasswordFile logins;
    try {
      logins = current(Path.of(name));
    } catch (RuntimeException e) {
      LOG.error("Refusing every login: {}", e.getMessage());
      throw new AuthenticationException("HiveServer2 cannot read its password file; see its log");
    }
    char[] secret = password == null ? new char[0] : password.toCharArray();
    try {
      if (user == null || !logins.verify(user, secret)) {
        LOG.warn("Login refused for user '{}'", user);
        throw new AuthenticationException("Wrong user name or password");
      }
    } finally {
      PasswordHash.wipe(secret);
    }
  }

  private synchronized PasswordFile current(Path file) {
    FileTime time = null;
    try {
      time = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
    } catch (java.io.IOException e) {
      // read() reports it
    }
    if (time != null) {
      // checked at every login: a chmod does not change the file's time
      PasswordFile.requireOwnerOnly(file);
    }
    if (cached == null || !cached.file().equals(file) || time == null || !time.equals(cachedTime)) {
      cached = PasswordFile.read(file);
      cachedTime = time;
    }
    return cached;
  }
}
