package chatnode.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The event bus between nodes with cluster-tls-cert, -key and -trust: mutual TLS, and chat works over it. */
@ExtendWith(VertxExtension.class)
class ClusterTlsTest {

  @Test
  @DisplayName("two nodes with event-bus TLS exchange room messages; their bus ports speak TLS with the configured certificate and refuse a peer without one")
  void roomMessagesOverTls(Vertx vertx, @TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=chat-node-test",
        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
    List<Integer> ports = TestCluster.freePorts(2);
    List<Integer> busPorts = TestCluster.freePorts(2);
    String members = TestCluster.members(ports);
    String name = "tls-" + UUID.randomUUID().toString().substring(0, 8);
    Path data = dir.resolve("data");
    String[] tls = {"--cluster-name", name, "--cluster-tls-cert", cert.toString(), "--cluster-tls-key", key.toString(),
        "--cluster-tls-trust", cert.toString()};
    try (TestCluster a = TestCluster.startOn(ports.subList(0, 1), members, data, "tls-a", with(tls, busPorts.get(0)));
        TestCluster b = TestCluster.startOn(ports.subList(1, 2), members, data, "tls-b", with(tls, busPorts.get(1)));
        TestClient ann = TestClient.login(vertx, a, 0, "ann_tls");
        TestClient bob = TestClient.login(vertx, b, 0, "bob_tls")) {
      ann.join("secure");
      bob.join("secure");
      ann.say("secure", "from node a", "1");
      assertEquals("from node a", bob.awaitType("message").getString("text"));
      bob.say("secure", "from node b", "2");
      assertEquals("from node b", ann.await(f -> "message".equals(f.getString("type")) && "bob_tls".equals(f.getString("from")))
          .getString("text"));

      Certificate expected = readCertificate(cert);
      for (int busPort : busPorts) {
        try (SSLSocket probe = (SSLSocket) trusting(expected).getSocketFactory().createSocket("127.0.0.1", busPort)) {
          probe.setSoTimeout(5_000);
          probe.startHandshake();
          assertEquals(expected, probe.getSession().getPeerCertificates()[0], "the bus shows the configured certificate");
          // TLS 1.3: the server refuses the missing client certificate after the handshake, on the first read.
          assertThrows(IOException.class, () -> {
            if (probe.getInputStream().read() < 0) {
              throw new IOException("closed");
            }
          }, "a peer without a certificate gets no connection");
        }
      }
    }
  }

  private static String[] with(String[] flags, int busPort) {
    String[] out = java.util.Arrays.copyOf(flags, flags.length + 2);
    out[flags.length] = "--cluster-bus-port";
    out[flags.length + 1] = Integer.toString(busPort);
    return out;
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), "openssl failed: " + out);
  }

  private static Certificate readCertificate(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  private static SSLContext trusting(Certificate cert) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("node", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
