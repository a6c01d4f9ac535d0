package io.talus.driver.layeringfixture;

import io.talus.cli.TalusCommand;

/**
 * A deliberate violation of the module table (the driver layer using cli), so that
 * ModuleLayeringTest can show its rule actually rejects one. Test code only.
 */
public final class DriverReachingIntoCli {

  private DriverReachingIntoCli() {}

  public static String usage() {
    return TalusCommand.commandLine().getUsageMessage();
  }
}
