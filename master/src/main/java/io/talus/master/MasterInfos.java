package io.talus.master;

import io.talus.mesos.v1.Protos.Address;
import io.talus.mesos.v1.Protos.MasterInfo;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Builds Mesos's MasterInfo for a master. */
public final class MasterInfos {

  private MasterInfos() {}

  /**
   * {@code ip} is Mesos's packed IPv4 address: the address bytes in network order read as a
   * little-endian integer (what libprocess stores), so that Mesos clients print it right.
   */
  public static MasterInfo of(String id, String ip, int port, String hostname, String version) {
    MasterInfo.Builder info = MasterInfo.newBuilder()
        .setId(id)
        .setIp(packedIpv4(ip))
        .setPort(port)
        .setPid("master@" + ip + ":" + port)
        .setHostname(hostname)
        .setVersion(version)
        .setAddress(Address.newBuilder().setHostname(hostname).setIp(ip).setPort(port));
    return info.build();
  }

  static int packedIpv4(String ip) {
    try {
      InetAddress address = InetAddress.getByName(ip);
      if (!(address instanceof Inet4Address)) {
        return 0;
      }
      byte[] b = address.getAddress();
      return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    } catch (UnknownHostException e) {
      return 0;
    }
  }
}
