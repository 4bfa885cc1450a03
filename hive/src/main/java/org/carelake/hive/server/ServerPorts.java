package org.carelake.hive.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Chooses and checks the TCP port HiveServer2 listens on. */
final class ServerPorts {
  private ServerPorts() {
  }

  /**
   * Returns {@code port} when it is free on {@code host}, or a free port when {@code port} is 0.
   * Checked before HiveServer2 starts because a bind failure inside Hive's Thrift thread can end
   * the whole JVM (ThriftBinaryCLIService.run calls System.exit).
   */
  static int choose(String host, int port) {
    if (port < 0 || port > 65535) {
      throw new HiveServerStartException("HiveServer2 port %d is not a TCP port; use 1..65535, or 0 for any free port",
          port);
    }
    InetAddress address = resolve(host);
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(address, port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new HiveServerStartException(e, "Port %d on %s is already in use (another HiveServer2, perhaps a running "
          + "`carelake serve`?): stop that process, or choose another port (0 picks a free one)", port, host);
    }
  }

  static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new HiveServerStartException(e, "HiveServer2 bind host '%s' does not resolve; use localhost, an address "
          + "of this machine, or 0.0.0.0", host);
    }
  }
}
