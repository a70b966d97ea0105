package io.iiot.gateway.simulator;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/** A throw-away Mosquitto broker on a free loopback port, for tests on machines that have one. */
final class MosquittoBroker implements AutoCloseable {

  private static final Path[] CANDIDATES = {
    Path.of("/usr/sbin/mosquitto"),
    Path.of("/usr/bin/mosquitto"),
    Path.of("/usr/local/sbin/mosquitto")
  };

  private final Process process;
  private final int port;

  private MosquittoBroker(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** The Mosquitto executable, if installed in a usual place. */
  static Optional<Path> executable() {
    return Stream.of(CANDIDATES).filter(Files::isExecutable).findFirst();
  }

  /** Starts a broker accepting anonymous clients on 127.0.0.1 and waits until it listens. */
  static MosquittoBroker start(Path executable, Path workDirectory) throws IOException {
    int port = FreePorts.loopback();
    Path config = workDirectory.resolve("mosquitto.conf");
    Files.writeString(
        config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
    Process process =
        new ProcessBuilder(executable.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDirectory.resolve("mosquitto.log").toFile())
            .start();
    MosquittoBroker broker = new MosquittoBroker(process, port);
    await().atMost(Duration.ofSeconds(10)).until(broker::accepts);
    return broker;
  }

  /** The broker URL, {@code tcp://127.0.0.1:<port>}. */
  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
