package org.apache.oozie.command.coord;

import org.apache.hadoop.conf.Configuration;

/**
 * Opens one package-private step of the Oozie server to the dry-run test: resolving a coordinator
 * action's workflow configuration with the data-phase EL evaluator, which the server does once the
 * action's input dependencies exist (the dry run leaves an action that waits for inputs unresolved).
 */
public final class ActionConfigurationResolver {
  private ActionConfigurationResolver() {
  }

  public static String resolve(String actionXml, Configuration jobConf, String actionId) throws Exception {
    return CoordActionInputCheckXCommand.resolveCoordConfiguration(new StringBuilder(actionXml), jobConf, actionId);
  }
}
