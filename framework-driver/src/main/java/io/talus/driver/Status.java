package io.talus.driver;

/**
 * A driver's state, as Mesos's {@code org.apache.mesos.Protos.Status}: every driver method returns
 * it, so a framework ported from the Mesos Java API compares against the same four names.
 */
public enum Status {
  DRIVER_NOT_STARTED,
  DRIVER_RUNNING,
  DRIVER_ABORTED,
  DRIVER_STOPPED
}
