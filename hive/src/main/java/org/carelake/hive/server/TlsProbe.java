package org.carelake.hive.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/** Whether a TLS HiveServer2 is up: a completed handshake, trusting the server's own certificate. */
final class TlsProbe {
  private TlsProbe() {
  }

  static void handshake(String host, int port, TlsKeystore key) throws IOException {
    try {
      // a trust manager over a key store trusts the certificate of each key entry
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(key.keyStore());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
        socket.connect(new InetSocketAddress(host, port), 2000);
        socket.setSoTimeout(5000);
        socket.startHandshake();
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot build a TLS probe from " + key.path() + ": " + e.getMessage(), e);
    }
  }
}
