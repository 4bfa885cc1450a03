package org.carelake.oozie;

import java.nio.file.Path;

/** Where the checked files live in the checkout (carelake.home, set by Surefire). */
final class OozieApps {
  static final Path HOME = Path.of(System.getProperty("carelake.home", "..")).toAbsolutePath().normalize();
  static final Path APPS = HOME.resolve("oozie-workflows");
  static final Path WORKFLOW = APPS.resolve("nightly/workflow.xml");
  static final Path DAILY = APPS.resolve("daily/coordinator.xml");
  static final Path BACKFILL = APPS.resolve("backfill/coordinator.xml");
  static final Path ENVIRONMENTS = APPS.resolve("env");

  private OozieApps() {
  }
}
