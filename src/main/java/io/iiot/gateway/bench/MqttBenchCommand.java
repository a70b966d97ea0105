package io.iiot.gateway.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench mqtt}: the seed-002 workload (1 KB JSON readings, QoS 1, publishers on loopback) through mosquitto and
 * the gateway into the shipped TELEMETRY stream; in the same run the same load through nats-server's own MQTT
 * support (MQTT 3.1.1, QoS 1, into the same stream) as the zero-code peer, and jnats' asynchronous JetStream publish
 * as the ceiling. Latency is measured from the MQTT publish to the moment nats-server delivers the stored message
 * to a subscriber of its subject, at a fixed rate; throughput is messages stored per second with the publisher
 * going as fast as its broker's flow control lets it. The gateway runs as its own process ({@code java -jar}),
 * whose resident memory is reported.
 */
@Command(name = "mqtt", mixinStandardHelpOptions = true,
        description = "MQTT ingest: latency at a fixed rate, sustained throughput, against nats-server's "
                + "MQTT gateway and jnats.")
public final class MqttBenchCommand implements Callable<Integer> {

    private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");
    private static final int DEVICES = 100;

    @Option(names = "--rate", defaultValue = "10000",
            description = "Messages per second of the latency phase (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seconds", defaultValue = "10",
            description = "Length of the latency phase in seconds (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--messages", defaultValue = "100000",
            description = "Messages of each throughput phase (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warm-up", defaultValue = "100000",
            description = "Messages sent through the gateway before anything is measured, so its JIT compiler has"
                    + " done its work, as in a gateway that has run a while (default ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--payload-bytes", defaultValue = "1024",
            description = "Size of each payload (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--config", defaultValue = "config",
            description = "Configuration whose jetstream/ streams and jvm.options the run uses"
                    + " (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--jar",
            description = "The gateway jar (default: the running jar, else target/iiot-nats-gateway.jar).")
    Path jar;

    @Option(names = "--doc", defaultValue = "docs/benchmarks.md",
            description = "File whose mqtt section is rewritten (default ${DEFAULT-VALUE}).")
    Path doc;

    private final PrintStream out = System.out;
    private String loadAtStart = "";
    private final boolean terminal = System.console() != null;

    @Override
    public Integer call() throws Exception {
        loadAtStart = loadAverage();
        Path dir = Files.createTempDirectory("bench-mqtt");
        List<Process> started = new ArrayList<>();
        try {
            int natsPort = freePort();
            int natsMqttPort = freePort();
            int mosquittoPort = freePort();
            started.add(natsServer(dir, natsPort, natsMqttPort));
            started.add(mosquitto(dir, mosquittoPort));
            String natsUrl = "nats://127.0.0.1:" + natsPort;
            Connection nats = connect(natsUrl);
            try (nats) {
                progress("starting the gateway");
                Process gateway = gateway(dir, natsUrl, "tcp://127.0.0.1:" + mosquittoPort);
                started.add(gateway);
                awaitLog(dir.resolve("gateway.log"), "MQTT subscribed to bench/+/+/+", Duration.ofSeconds(120),
                        gateway);

                Mqtt5AsyncClient mosquittoPublisher = mqtt5(mosquittoPort);
                Publisher viaGateway = (topic, payload) -> mosquittoPublisher.publishWith().topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().thenApply(r -> null);
                progress("gateway: warm-up, " + warmUp + " messages");
                throughput(nats, viaGateway, "bench/dev-%d/warm/temperature", "acme.munich.bench.line-1.*.warm.>", 6,
                        warmUp);
                progress("gateway: latency at " + rate + " msg/s");
                Latency latency = latency(nats, viaGateway, "bench/dev-%d/lat/temperature",
                        "acme.munich.bench.line-1.*.lat.>", 1);
                progress("gateway: sustained throughput");
                Map<String, Long> gatewayPath = new LinkedHashMap<>();
                gatewayPath.put("gateway", gateway.pid());
                gatewayPath.put("mosquitto", started.get(1).pid());
                gatewayPath.put("nats-server", started.get(0).pid());
                gatewayPath.put("load generator", ProcessHandle.current().pid());
                Map<String, Double> cpuBefore = cpuSeconds(gatewayPath);
                Throughput gatewayRun = throughput(nats, viaGateway, "bench/dev-%d/max/temperature",
                        "acme.munich.bench.line-1.*.max.>", 2, messages);
                Map<String, Double> gatewayCpu = perMessage(cpuBefore, cpuSeconds(gatewayPath), gatewayRun.stored());
                double cpuUsPerMessage = gatewayCpu.get("gateway");
                double rssMib = ProcessStats.rssMib(gateway.pid());
                mosquittoPublisher.disconnect();

                progress("nats-server MQTT: latency and throughput");
                Mqtt3AsyncClient natsPublisher = mqtt3(natsMqttPort);
                Publisher viaNats = (topic, payload) -> natsPublisher.publishWith().topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE).payload(payload).send().thenApply(r -> null);
                Latency peerLatency = latency(nats, viaNats, "acme/munich/peer/line-1/dev-%d/lat/temperature",
                        "acme.munich.peer.line-1.*.lat.>", 3);
                Map<String, Long> peerPath = new LinkedHashMap<>(gatewayPath);
                peerPath.keySet().retainAll(List.of("nats-server", "load generator"));
                cpuBefore = cpuSeconds(peerPath);
                Throughput peer = throughput(nats, viaNats, "acme/munich/peer/line-1/dev-%d/max/temperature",
                        "acme.munich.peer.line-1.*.max.>", 4, messages);
                Map<String, Double> peerCpu = perMessage(cpuBefore, cpuSeconds(peerPath), peer.stored());
                natsPublisher.disconnect();

                progress("jnats asynchronous publish (ceiling)");
                JetStream jetStream = nats.jetStream();
                Publisher direct = (topic, payload) -> {
                    NatsMessage message = NatsMessage.builder().subject(topic.replace('/', '.'))
                            .headers(new Headers().put("Nats-Msg-Id", topic + "|" + valueOf(payload)))
                            .data(payload).build();
                    return jetStream.publishAsync(message).thenApply(PublishAck::getSeqno);
                };
                cpuBefore = cpuSeconds(peerPath);
                Throughput ceiling = throughput(nats, direct, "acme/munich/ceiling/line-1/dev-%d/max/temperature",
                        "acme.munich.ceiling.line-1.*.max.>", 5, messages);
                Map<String, Double> ceilingCpu = perMessage(cpuBefore, cpuSeconds(peerPath), ceiling.stored());

                BenchResult result = new BenchResult("mqtt", gatewayRun.stored(), gatewayRun.perSecond(),
                        latency.p50(), latency.p99(), gatewayRun.lost(), rssMib, ceiling.perSecond(),
                        "nats-server-mqtt", peer.perSecond(), Map.of("rate_per_s", rate, "peer_p50_ms",
                                round(peerLatency.p50()), "peer_p99_ms", round(peerLatency.p99()), "peer_lost",
                                peer.lost(), "payload_bytes", payloadBytes, "gateway_cpu_us_per_msg",
                                Math.round(cpuUsPerMessage)));
                String table = table(result, latency, peerLatency, peer, ceiling) + "\n\n"
                        + cpuTable(List.of("gateway", "mosquitto", "nats-server", "load generator"),
                                Map.of("gateway path", gatewayCpu, "peer path", peerCpu, "ceiling", ceilingCpu));
                out.println(table);
                new BenchmarksDoc(doc).write("mqtt", section(result, table, peer, ceiling));
                out.println(result.toJson());
                return result.lost() == 0 ? 0 : 1;
            }
        } finally {
            for (Process process : started) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            deleteRecursively(dir);
        }
    }

    /** Sends one payload to one topic; completes when the broker (or JetStream) acknowledged it. */
    @FunctionalInterface
    interface Publisher {
        CompletableFuture<?> publish(String topic, byte[] payload);
    }

    private record Latency(double p50, double p99, long received) {
    }

    private record Throughput(long sent, long stored, double perSecond) {
        long lost() {
            return sent - stored;
        }
    }

    /** Publishes at {@link #rate} for {@link #seconds}; latency to the delivery of the stored message. */
    private Latency latency(Connection nats, Publisher publisher, String topic, String subjects, int phase)
            throws Exception {
        int count = rate * seconds;
        long[] sent = new long[count];
        long[] latencies = new long[count];
        AtomicLong received = new AtomicLong();
        Dispatcher dispatcher = nats.createDispatcher(message -> {
            int i = valueOf(message.getData()) - phase * 10_000_000;
            if (i >= 0 && i < count && latencies[i] == 0) {
                latencies[i] = System.nanoTime() - sent[i];
                received.incrementAndGet();
            }
        });
        dispatcher.subscribe(subjects);
        nats.flush(Duration.ofSeconds(5));
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        Semaphore window = new Semaphore(10_000);
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            window.acquire();
            sent[i] = System.nanoTime();
            publisher.publish(String.format(topic, i % DEVICES), payload(phase * 10_000_000 + i, phase))
                    .whenComplete((r, e) -> window.release());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.get() < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        nats.closeDispatcher(dispatcher);
        long[] measured = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        if (measured.length == 0) {
            return new Latency(Double.NaN, Double.NaN, 0);
        }
        return new Latency(measured[(int) (measured.length * 0.50)] / 1e6,
                measured[Math.min(measured.length - 1, (int) (measured.length * 0.99))] / 1e6, measured.length);
    }

    /** Publishes {@code messages} as fast as acknowledgements allow; stored per second until the last is stored. */
    private Throughput throughput(Connection nats, Publisher publisher, String topic, String subjects, int phase,
            int messages) throws Exception {
        var management = nats.jetStreamManagement();
        long before = storedCount(management, subjects);
        Semaphore window = new Semaphore(20_000);
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            publisher.publish(String.format(topic, i % DEVICES), payload(phase * 10_000_000 + i, phase))
                    .whenComplete((r, e) -> window.release());
        }
        long stored = 0;
        long lastChange = System.nanoTime();
        long end = lastChange;
        while (stored < messages && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(15)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            long now = storedCount(management, subjects) - before;
            if (now != stored) {
                stored = now;
                lastChange = System.nanoTime();
                end = lastChange;
            }
        }
        return new Throughput(messages, stored, stored / ((end - start) / 1e9));
    }

    private static long storedCount(io.nats.client.JetStreamManagement management, String subjects)
            throws IOException, io.nats.client.JetStreamApiException {
        return management.getStreamInfo("TELEMETRY", io.nats.client.api.StreamInfoOptions.filterSubjects(subjects))
                .getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    /** A seed-002 style reading of about {@link #payloadBytes} bytes; value carries the sequence number. */
    private byte[] payload(int value, int phase) {
        StringBuilder json = new StringBuilder(payloadBytes + 64);
        json.append("{\"value\":").append(value)
                .append(",\"unit\":\"C\",\"timestamp\":\"")
                .append(Instant.ofEpochMilli(1_760_000_000_000L + phase * 1_000_000_000L + value % 10_000_000))
                .append("\",\"quality\":\"good\",\"humidity\":45.2,\"pressure\":1013.4,\"metrics\":[");
        for (int i = 0; json.length() < payloadBytes - 8; i++) {
            json.append(i == 0 ? "" : ",").append(i / 10.0);
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int valueOf(byte[] payload) {
        Matcher matcher = VALUE.matcher(new String(payload, 0, Math.min(payload.length, 64), StandardCharsets.UTF_8));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private Process natsServer(Path dir, int port, int mqttPort) throws IOException {
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, String.join("\n",
                "server_name: bench",
                "listen: \"127.0.0.1:" + port + "\"",
                "jetstream { store_dir: \"" + dir.resolve("jetstream") + "\", max_memory_store: 256MB,"
                        + " max_file_store: 64GB }",
                "mqtt { listen: \"127.0.0.1:" + mqttPort + "\" }", ""));
        return launch(List.of("nats-server", "-c", conf.toString()), dir.resolve("nats.log"));
    }

    private Process mosquitto(Path dir, int port) throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        String shipped = "";
        Path shippedFile = Path.of("docker", "mosquitto.conf");
        if (Files.isRegularFile(shippedFile)) {
            try (Stream<String> lines = Files.lines(shippedFile)) {
                shipped = String.join("\n", lines.filter(l -> l.matches("(max_|persistent_client|queue_qos0).*"))
                        .toList());
            }
        }
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "user " + System.getProperty("user.name") + "\n" + shipped + "\n");
        return launch(List.of("mosquitto", "-c", conf.toString()), dir.resolve("mosquitto.log"));
    }

    private Process gateway(Path dir, String natsUrl, String brokerUrl) throws IOException {
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Path jetstream = Files.createDirectories(configDir.resolve("jetstream"));
        try (Stream<Path> files = Files.list(config.resolve("jetstream"))) {
            for (Path file : files.toList()) {
                Files.copy(file, jetstream.resolve(file.getFileName()));
            }
        }
        // the site's own properties, with the org and site the measured subjects use
        Path properties = config.resolve("application.properties");
        Files.writeString(configDir.resolve("application.properties"),
                (Files.isRegularFile(properties) ? Files.readString(properties) : "")
                        + "\ngateway.role = edge\ngateway.org = acme\ngateway.site = munich\n");
        Files.writeString(configDir.resolve("assets.yaml"), String.join("\n",
                "machines: []",
                "mqtt:",
                "  unknown-machine: {area: bench, line: line-1}",
                "  topics:",
                "    - topic: \"bench/{machine}/{sensor}/{metric}\"", ""));
        ProcessBuilder builder = new ProcessBuilder(GatewayLaunch.from(config).command(gatewayJar(), configDir))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        builder.environment().putAll(Map.of("NATS_SERVERS", natsUrl, "MQTT_BROKER_URL", brokerUrl,
                "MQTT_CLIENT_ID", "bench-gateway", "HTTP_PORT", String.valueOf(freePort())));
        return builder.start();
    }

    private Path gatewayJar() {
        if (jar != null) {
            return jar;
        }
        try {
            Path running = Path.of(MqttBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (running.toString().endsWith(".jar")) {
                return running;
            }
        } catch (Exception e) {
            // not from a jar: fall back to the build's
        }
        return Path.of("target", "iiot-nats-gateway.jar");
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Connection connect(String url) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                Connection connection = Nats.connect(url);
                connection.jetStreamManagement().getAccountStatistics();
                return connection;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    private static Mqtt5AsyncClient mqtt5(int port) throws Exception {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("bench-publisher")
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static Mqtt3AsyncClient mqtt3(int port) throws Exception {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier("bench-peer-publisher")
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    private static void awaitLog(Path log, String line, Duration timeout, Process process) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(log) || !Files.readString(log).contains(line)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited: " + Files.readString(log).lines()
                        .reduce((a, b) -> b).orElse(""));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not subscribe within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** {@link ProcessStats#cpuSeconds} of each named process. */
    private static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            seconds.put(process.getKey(), ProcessStats.cpuSeconds(process.getValue()));
        }
        return seconds;
    }

    /** CPU microseconds per message of each process between two {@link #cpuSeconds(Map)} readings. */
    private static Map<String, Double> perMessage(Map<String, Double> before, Map<String, Double> after,
            long messages) {
        Map<String, Double> micros = new LinkedHashMap<>();
        after.forEach((name, seconds) -> micros.put(name, (seconds - before.get(name)) * 1e6 / Math.max(1, messages)));
        return micros;
    }

    /**
     * What each path costs in CPU per stored message, process by process, and the most messages per second that
     * cost allows on this machine's cores: a path cannot go faster than all its processes together can work.
     */
    private static String cpuTable(List<String> processes, Map<String, Map<String, Double>> paths) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder table = new StringBuilder("| CPU µs per stored message | " + String.join(" | ", processes)
                + " | all | at most msg/s on " + cores + " cores |\n|---|" + "---:|".repeat(processes.size() + 2));
        for (String path : List.of("gateway path", "peer path", "ceiling")) {
            Map<String, Double> cpu = paths.get(path);
            double all = cpu.values().stream().mapToDouble(Double::doubleValue).sum();
            table.append("\n| ").append(path).append(" | ");
            for (String process : processes) {
                table.append(cpu.containsKey(process) ? String.format(Locale.ROOT, "%.1f", cpu.get(process)) : "")
                        .append(" | ");
            }
            table.append(String.format(Locale.ROOT, "%.1f | %,.0f |", all, cores * 1e6 / all));
        }
        return table.toString();
    }

    /** The one-minute load average, as the machine reports it, or "unknown". */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void progress(String step) {
        if (terminal) {
            System.err.println("bench mqtt: " + step + " ...");
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private String table(BenchResult result, Latency latency, Latency peerLatency, Throughput peer,
            Throughput ceiling) {
        BiFunction<String, Object[], String> row = (format, args) -> String.format(Locale.ROOT, format, args);
        return String.join("\n",
                "| path | sustained msg/s | p50 ms @ " + rate + "/s | p99 ms @ " + rate + "/s | lost |",
                "|---|---:|---:|---:|---:|",
                row.apply("| gateway (mosquitto → gateway → JetStream) | %,.0f | %.2f | %.2f | %d |",
                        new Object[]{result.perS(), latency.p50(), latency.p99(), result.lost()}),
                row.apply("| peer: nats-server MQTT 3.1.1 → JetStream | %,.0f | %.2f | %.2f | %d |",
                        new Object[]{peer.perSecond(), peerLatency.p50(), peerLatency.p99(), peer.lost()}),
                row.apply("| ceiling: jnats async JetStream publish | %,.0f | | | %d |",
                        new Object[]{ceiling.perSecond(), ceiling.lost()}),
                "",
                row.apply("gateway RSS %.0f MiB, CPU %s µs per message; ratio to ceiling %.2f; to peer %.2f; %d"
                        + " messages of %d bytes per throughput phase",
                        new Object[]{result.rssMib(), result.extra().get("gateway_cpu_us_per_msg"), result.ratio(),
                                result.perS() / peer.perSecond(), messages, payloadBytes}));
    }

    private String section(BenchResult result, String table, Throughput peer, Throughput ceiling) {
        return String.join("\n",
                "## MQTT ingest (`bench mqtt`)",
                "",
                "Seed-002 workload: " + payloadBytes + "-byte JSON readings, QoS 1, one publisher on loopback, "
                        + DEVICES + " topics; mosquitto with the settings of `docker/mosquitto.conf`; the gateway"
                        + " as its own process (`" + GatewayLaunch.from(config).describe()
                        + "`, as in `bench opcua`) publishing into the shipped TELEMETRY"
                        + " stream. First " + warmUp + " messages go through the gateway unmeasured (warm-up: a JVM"
                        + " compiles its hot code in its first seconds, a gateway runs for months). Latency: MQTT"
                        + " publish to delivery of the stored message by nats-server, at " + rate + " msg/s for "
                        + seconds + " s. Throughput: " + messages + " messages as fast as the broker's flow control"
                        + " allows, counted in the stream. Peer and ceiling in the same run. The CPU table is each"
                        + " process's CPU time (user and system) over a throughput phase per message stored; the"
                        + " load generator is the bench's own JVM (MQTT or jnats publisher and the stream counting);"
                        + " its last column is the most a path's processes could carry if they had every core.",
                "",
                "Ran " + Instant.now().toString().substring(0, 16) + "Z on " + Runtime.getRuntime()
                        .availableProcessors() + " cores (" + System.getProperty("os.arch") + ", Java "
                        + System.getProperty("java.version") + "), shared with other work (load average "
                        + loadAtStart + " at the start, " + loadAverage() + " at the end): compare ratios, not"
                        + " absolute figures. Reproduce: `java -jar target/iiot-nats-gateway.jar bench mqtt`.",
                "",
                table,
                "",
                "```",
                BenchmarksDoc.barChart(new String[]{"gateway", "nats-server MQTT", "jnats ceiling"},
                        new double[]{result.perS(), peer.perSecond(), ceiling.perSecond()}, "msg/s").stripTrailing(),
                "```");
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
