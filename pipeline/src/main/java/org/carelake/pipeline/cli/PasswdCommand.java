package org.carelake.pipeline.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.carelake.hive.auth.PasswordFile;
import org.carelake.hive.auth.PasswordHash;
import org.carelake.hive.auth.ServiceLogin;
import org.carelake.pipeline.config.HiveServerConfig;
import org.carelake.pipeline.config.PipelineConfigException;
import org.carelake.pipeline.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** scripts/carelake passwd USER: sets a HiveServer2 login in the local password file. */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = {
        "Sets USER's HiveServer2 password in the local password file (<work-dir>/keys/hiveserver2.passwd, PBKDF2",
        "hashes, mode 0600); a running `carelake serve` applies it to the next login. Asks for the password",
        "twice on the terminal, or reads it from --password-file. What USER may see is Ranger's policies' business."})
final class PasswdCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Parameters(index = "0", paramLabel = "USER", description = "The user name (as in ranger-policies/local-user-groups.properties).")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the password from the first line of FILE (mode 0600 or 0400) instead of the terminal.")
  Path passwordFile;

  @Override
  public Integer call() {
    Settings settings = common.settings();
    HiveServerConfig hive = settings.hiveServer();
    Path logins = hive.passwordFile().orElseThrow(() -> new PipelineConfigException(
        "HiveServer2 logins are LDAP's here (carelake.hive.authentication=ldap): set passwords in the directory"));
    if (HiveServerConfig.ETL_USER.equals(user)) {
      throw new PipelineConfigException("%s is the pipeline's own login, generated in %s; delete that file to get a "
          + "new one on the next run", user, hive.etlPasswordFile());
    }
    char[] password;
    try {
      password = passwordFile != null ? ServiceLogin.read(passwordFile).toCharArray() : ask();
    } catch (IllegalStateException e) {
      throw new PipelineConfigException("%s", e.getMessage());
    }
    try {
      PasswordFile.read(logins).withPassword(user, password, PasswordHash.DEFAULT_ITERATIONS);
    } catch (IllegalStateException e) {
      throw new PipelineConfigException("%s", e.getMessage());
    } finally {
      Arrays.fill(password, '\0');
    }
    System.out.println("Password of " + user + " set in " + logins);
    return 0;
  }

  private char[] ask() {
    Console console = System.console();
    if (console == null) {
      throw new PipelineConfigException("No terminal to ask for %s's password on; pass --password-file FILE", user);
    }
    char[] first = console.readPassword("New HiveServer2 password for %s: ", user);
    char[] second = console.readPassword("Again: ");
    if (first == null || second == null || !Arrays.equals(first, second)) {
      throw new PipelineConfigException("The two passwords differ; run `carelake passwd %s` again", user);
    }
    Arrays.fill(second, '\0');
    return first;
  }
}
