package io.iiot.gateway.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench opcua}: the plant simulator (its own process) serves {@code --items} variables changing every
 * {@code --interval-ms} (its machines spread evenly over the interval); the gateway jar (its own process)
 * monitors all of them through the asset model and publishes into a real nats-server with the shipped streams.
 * Measured over {@code --duration-s}, after every item has arrived once and {@code --warm-up-s} more: changes per
 * second stored in TELEMETRY (with PubAck), latency from the source timestamp to the message's arrival at
 * nats-server (where the PubAck is sent from), changes the simulator wrote that never arrived, the losses the
 * gateway counted, its CPU per change and its RSS (the gateway runs with the JVM options of {@code --config}'s
 * {@code jvm.options}). Then, in the same run with the gateway stopped, the ceiling: jnats' asynchronous
 * JetStream publish of the same messages (same subjects and bodies, same bound of 2000 in flight). {@code --max}
 * repeats the run at shorter intervals until the gateway no longer keeps up.
 */
@Command(name = "opcua", mixinStandardHelpOptions = true,
        description = "OPC-UA ingest: simulator -> gateway -> JetStream, against jnats' async publish ceiling.")
public final class OpcUaBench implements java.util.concurrent.Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VARIABLES_PER_MACHINE = 4;

    @Option(names = "--items", defaultValue = "10000", description = "Monitored items (default ${DEFAULT-VALUE}).")
    int items;

    @Option(names = "--interval-ms", defaultValue = "1000",
            description = "Simulator update interval (default ${DEFAULT-VALUE}).")
    int intervalMs;

    @Option(names = "--duration-s", defaultValue = "60",
            description = "Measured time per run (default ${DEFAULT-VALUE}).")
    int durationS;

    @Option(names = "--warm-up-s", defaultValue = "20",
            description = "Seconds the gateway runs once every item has arrived, unmeasured, so its JIT compiler has"
                    + " done its work, as in a gateway that has run a while (default ${DEFAULT-VALUE}).")
    int warmUpS;

    @Option(names = "--publishing-interval-ms", defaultValue = "20",
            description = "opcua.publishing-interval-ms of the gateway (default ${DEFAULT-VALUE}).")
    int publishingIntervalMs;

    @Option(names = "--max", description = "Find the sustained maximum: repeat at 500, 250, 100, 50 ms intervals.")
    boolean max;

    @Option(names = "--config", defaultValue = "config",
            description = "Directory with jetstream/*.json and the gateway's jvm.options (default ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--doc", defaultValue = "docs/benchmarks.md",
            description = "File to update (default ${DEFAULT-VALUE}).")
    Path doc;

    private final PrintStream out = System.out;
    private final boolean terminal = System.console() != null;

    @Override
    public Integer call() throws Exception {
        List<Run> runs = new ArrayList<>();
        int[] intervals = max ? new int[]{intervalMs, 500, 250, 100, 50} : new int[]{intervalMs};
        for (int interval : intervals) {
            Run run = run(interval);
            runs.add(run);
            progress("interval %d ms: %,.0f changes/s, lost %d", interval, run.perS, run.lost);
            if (max && (run.lost > 0 || run.perS < 0.95 * run.offeredPerS)) {
                break;
            }
        }
        Run target = runs.get(0);
        Run best = runs.stream().filter(r -> r.lost == 0).max(Comparator.comparingDouble(r -> r.perS))
                .orElse(target);
        printTable(runs);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("items", items);
        extra.put("interval_ms", target.intervalMs);
        extra.put("start_s", target.startS);
        extra.put("reported_losses", target.overflows);
        extra.put("gateway_cpu_us_per_change", Math.round(target.cpuUsPerChange * 10) / 10.0);
        extra.put("gateway_jvm", launch().describe());
        if (max) {
            extra.put("max_per_s", Math.round(best.perS));
        }
        BenchResult result = new BenchResult("opcua", target.messages, target.perS, target.p50, target.p99,
                target.lost, target.rssMib, target.ceilingPerS, null, null, extra);
        new BenchmarksDoc(doc).write("opcua", markdown(runs));
        out.println(result.toJson());
        return 0;
    }

    private Run run(int interval) throws Exception {
        Path work = Files.createTempDirectory("bench-opcua");
        int machines = Math.max(1, items / VARIABLES_PER_MACHINE);
        int natsPort = freePort();
        int opcuaPort = freePort();
        List<Process> started = new ArrayList<>();
        try {
            started.add(start(work, "nats-server", List.of("nats-server", "-js", "-a", "127.0.0.1", "-p",
                    String.valueOf(natsPort), "-sd", work.resolve("js").toString()), Map.of()));
            awaitPort(natsPort);
            started.add(start(work, "simulator",
                    List.of(GatewayLaunch.java(), "-Xmx1g", "-jar", jar().toString(), "simulate",
                            "--machines", String.valueOf(machines), "--port", String.valueOf(opcuaPort),
                            "--interval-ms",
                            String.valueOf(interval), "--write-log", work.resolve("writes.log").toString()),
                    Map.of()));
            awaitPort(opcuaPort);
            Path configDir = writeConfig(work, machines, opcuaPort, interval);
            String natsUrl = "nats://127.0.0.1:" + natsPort;
            try (Connection nats = Nats.connect(natsUrl)) {
                Collector collector = new Collector();
                Dispatcher dispatcher = nats.createDispatcher(collector::accept);
                dispatcher.subscribe("acme.>");
                long startedAt = System.nanoTime();
                int httpPort = freePort();
                Process gateway = start(work, "gateway", launch().command(jar(), configDir),
                        Map.of("NATS_SERVERS", natsUrl, "HTTP_PORT", String.valueOf(httpPort),
                                "OPCUA_CERTIFICATE_DIR", work.resolve("client").toString(),
                                "OPCUA_TRUST_DIR", work.resolve("pki").toString()));
                started.add(gateway);
                int all = machines * VARIABLES_PER_MACHINE;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (collector.subjects.size() < all && System.nanoTime() < deadline) {
                    if (!gateway.isAlive()) {
                        throw new IllegalStateException("the gateway exited; see " + work.resolve("gateway.log"));
                    }
                    progress("waiting for every item: %,d of %,d", collector.subjects.size(), all);
                    Thread.sleep(1000);
                }
                double startS = (System.nanoTime() - startedAt) / 1e9;
                for (int s = 0; s < warmUpS; s++) {
                    progress("warm-up: %d of %d s", s + 1, warmUpS);
                    Thread.sleep(1000);
                }
                long storedBefore = stored(nats);
                collector.windowStart = System.currentTimeMillis();
                long measureStart = System.nanoTime();
                double cpuBefore = ProcessStats.cpuSeconds(gateway.pid());
                for (int s = 0; s < durationS; s++) {
                    Thread.sleep(1000);
                    if (s % 10 == 9) {
                        progress("measuring: %d of %d s, %,d changes", s + 1, durationS, collector.count.get());
                    }
                }
                double seconds = (System.nanoTime() - measureStart) / 1e9;
                long storedAfter = stored(nats);
                double rss = ProcessStats.rssMib(gateway.pid());
                double cpu = ProcessStats.cpuSeconds(gateway.pid()) - cpuBefore;
                collector.windowEnd = System.currentTimeMillis();
                // changes sampled in the window may still be on their way: wait until they stop coming
                long settled = -1;
                for (int i = 0; i < 30 && settled != collector.count.get(); i++) {
                    settled = collector.count.get();
                    Thread.sleep(1000);
                }
                dispatcher.unsubscribe("acme.>");
                long overflows = overflows(httpPort);
                gateway.destroy();
                gateway.waitFor(15, TimeUnit.SECONDS);
                Run run = new Run();
                run.intervalMs = interval;
                run.messages = storedAfter - storedBefore;
                run.perS = run.messages / seconds;
                Map<Long, Integer> written = writes(work.resolve("writes.log"));
                run.offeredPerS = written.entrySet().stream()
                        .filter(e -> e.getKey() >= collector.windowStart && e.getKey() <= collector.windowEnd)
                        .mapToInt(Map.Entry::getValue).sum() / seconds;
                long[] latencies = collector.latencies();
                run.p50 = percentile(latencies, 0.50);
                run.p99 = percentile(latencies, 0.99);
                run.lost = collector.lost(written);
                run.rssMib = rss;
                run.cpuUsPerChange = cpu * 1e6 / Math.max(1, run.messages);
                run.overflows = overflows;
                run.startS = startS;
                run.ceilingPerS = ceiling(nats, collector.sample, run.messages);
                return run;
            }
        } finally {
            for (Process process : started) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            deleteTree(work);
        }
    }

    /** jnats' asynchronous publish of the same messages, bounded as the gateway is, until every PubAck is in. */
    private static double ceiling(Connection nats, List<NatsMessage> sample, long count) throws Exception {
        if (sample.isEmpty()) {
            return 0;
        }
        JetStream js = nats.jetStream();
        Semaphore inFlight = new Semaphore(2000);
        long n = Math.max(count, sample.size());
        long start = System.nanoTime();
        List<CompletableFuture<PublishAck>> last = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            NatsMessage template = sample.get((int) (i % sample.size()));
            inFlight.acquire();
            CompletableFuture<PublishAck> ack = js.publishAsync(NatsMessage.builder().subject(template.getSubject())
                    .headers(new Headers().put("Nats-Msg-Id", UUID.randomUUID().toString()))
                    .data(template.getData()).build());
            ack.whenComplete((a, e) -> inFlight.release());
            if (i >= n - 2000) {
                last.add(ack);
            }
        }
        CompletableFuture.allOf(last.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        inFlight.acquire(2000);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private Path writeConfig(Path work, int machines, int opcuaPort, int interval) throws IOException {
        Path dir = Files.createDirectories(work.resolve("config"));
        Files.createDirectories(dir.resolve("jetstream"));
        try (Stream<Path> files = Files.list(config.resolve("jetstream"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve("jetstream").resolve(file.getFileName()));
            }
        }
        Files.writeString(dir.resolve("application.properties"), "gateway.org = acme\ngateway.site = bench\n"
                + "opcua.sampling-interval-ms = " + Math.max(10, interval / 2) + "\n"
                + "opcua.publishing-interval-ms = " + publishingIntervalMs + "\n");
        StringBuilder yaml = new StringBuilder("servers:\n  - id: sim\n    endpoint-url: opc.tcp://127.0.0.1:"
                + opcuaPort + "/plant\nmachines:\n");
        String[][] variables = {{"spindle/vibration_rms", "spindle", "vibration.rms"}, {"motor/current", "motor",
                "current"}, {"coolant/temperature", "coolant", "temperature"}, {"machine/state", "machine", "state"}};
        for (int m = 1; m <= machines; m++) {
            String id = String.format("cnc-%03d", m);
            yaml.append("  - id: ").append(id).append("\n    area: hall-").append(1 + m / 1000)
                    .append("\n    line: line-").append(1 + m / 100 % 10).append("\n    server: sim\n    variables:\n");
            for (String[] v : variables) {
                yaml.append("      - node: \"ns=2;s=").append(id).append('/').append(v[0])
                        .append("\"\n        sensor: ")
                        .append(v[1]).append("\n        metric: ").append(v[2]).append('\n');
            }
        }
        Files.writeString(dir.resolve("assets.yaml"), yaml);
        return dir;
    }

    private void printTable(List<Run> runs) {
        out.printf("%-12s %12s %14s %14s %9s %9s %8s %10s %9s %10s %14s %7s%n", "interval ms", "items",
                "offered/s", "stored/s", "p50 ms", "p99 ms", "lost", "reported", "RSS MiB", "CPU µs", "ceiling/s",
                "ratio");
        for (Run r : runs) {
            out.printf("%-12d %,12d %,14.0f %,14.0f %9.1f %9.1f %8d %10d %9.0f %10.1f %,14.0f %7.2f%n", r.intervalMs,
                    items, r.offeredPerS, r.perS, r.p50, r.p99, r.lost, r.overflows, r.rssMib, r.cpuUsPerChange,
                    r.ceilingPerS, r.ceilingPerS > 0 ? r.perS / r.ceilingPerS : 0);
        }
    }

    private String markdown(List<Run> runs) {
        StringBuilder md = new StringBuilder("## OPC-UA ingest (`bench opcua`)\n\n")
                .append("Plant simulator (own process) with ").append(String.format("%,d", items))
                .append(" items → gateway jar (own process, `").append(launch().describe())
                .append("`) → nats-server ")
                .append("with the shipped TELEMETRY stream, all on one machine (")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, shared with other work while ")
                .append("measured). Each item changes at most once per interval, the machines spread evenly over ")
                .append("it (not all at once); the simulator reports each change by exception; the gateway's ")
                .append("subscriptions publish every ").append(publishingIntervalMs)
                .append(" ms. Offered: changes the simulator ")
                .append("wrote (a value that did not move is not written); lost: written but never arrived. ")
                .append("Once every item has arrived, the gateway runs ").append(warmUpS)
                .append(" s unmeasured (warm-up: a JVM compiles its hot code in its first seconds), then ")
                .append(durationS).append(" s are measured. ")
                .append("Latency: source timestamp to arrival at nats-server. Ceiling: jnats async ")
                .append("publish of the same messages, same run, gateway stopped. Run ").append(Instant.now())
                .append(". Reported: the losses the gateway counted, values the server sent with the overflow bit")
                .append(" (`gateway_opcua_overflows_total`) and values it dropped itself when it held as many as it")
                .append(" holds (`gateway_opcua_dropped_total`). CPU: the")
                .append(" gateway's CPU time per stored change over the measured window.")
                .append("\n\n| interval ms | offered/s | stored/s (PubAck) | p50 ms | p99 ms | lost | reported | ")
                .append("gateway RSS MiB | gateway CPU µs per change | ")
                .append("start s | ceiling/s | ratio |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Run r : runs) {
            md.append(String.format(
                    "| %d | %,.0f | %,.0f | %.1f | %.1f | %d | %d | %.0f | %.1f | %.1f | %,.0f | %.2f |%n",
                    r.intervalMs, r.offeredPerS, r.perS, r.p50, r.p99, r.lost, r.overflows, r.rssMib,
                    r.cpuUsPerChange, r.startS, r.ceilingPerS, r.ceilingPerS > 0 ? r.perS / r.ceilingPerS : 0));
            labels.add("gateway " + r.intervalMs + " ms");
            values.add(r.perS);
            labels.add("ceiling " + r.intervalMs + " ms");
            values.add(r.ceilingPerS);
        }
        md.append("\n```\n").append(BenchmarksDoc.barChart(labels.toArray(String[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray(), "msg/s")).append("```\n\n")
                .append("Reproduce: `make package && java -jar target/iiot-nats-gateway.jar bench opcua` ")
                .append("(`--max` for the sustained maximum).\n");
        return md.toString();
    }

    /** The gateway's JVM options: those the project ships ({@code jvm.options} beside the streams). */
    private GatewayLaunch launch() {
        return GatewayLaunch.from(config);
    }

    private void progress(String format, Object... args) {
        if (terminal) {
            System.err.printf("bench opcua: " + format + "%n", args);
        }
    }

    private static Process start(Path work, String name, List<String> command, Map<String, String> env)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The simulator's write log: values written per source timestamp (epoch ms), summed over its steps. */
    private static Map<Long, Integer> writes(Path log) throws IOException {
        Map<Long, Integer> written = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] fields = line.split(" ");
            if (fields.length == 2) {
                written.merge(Long.parseLong(fields[0]), Integer.parseInt(fields[1]), Integer::sum);
            }
        }
        return written;
    }

    private static long stored(Connection nats) throws Exception {
        return nats.jetStreamManagement().getStreamInfo("TELEMETRY").getStreamState().getMsgCount();
    }

    /**
     * The losses the gateway reported, all servers: queue overflows ({@code gateway_opcua_overflows_total}, values the
     * server sent after discarding samples of the same item) and values it dropped itself because it held as many as
     * it holds ({@code gateway_opcua_dropped_total}).
     */
    private static long overflows(int httpPort) {
        try (var in = URI.create("http://127.0.0.1:" + httpPort + "/observe/metrics").toURL().openStream()) {
            return Math.round(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("gateway_opcua_overflows_total")
                            || line.startsWith("gateway_opcua_dropped_total"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port + " after 60 s");
    }

    private static Path jar() throws Exception {
        return Path.of(OpcUaBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** What one run measured. */
    private static final class Run {
        int intervalMs;
        long messages;
        double perS;
        double offeredPerS;
        double p50;
        double p99;
        long lost;
        double rssMib;
        double startS;
        double ceilingPerS;
        double cpuUsPerChange;
        long overflows;
    }

    /** Counts, times and checks what arrives on {@code acme.>}. */
    private static final class Collector {
        final Map<String, Boolean> subjects = new ConcurrentHashMap<>();
        final AtomicLong count = new AtomicLong();
        final List<NatsMessage> sample = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, java.util.Set<Long>> seen = new HashMap<>();
        final List<Long> latencyList = new ArrayList<>();
        volatile long windowStart = Long.MAX_VALUE;
        volatile long windowEnd = Long.MAX_VALUE;

        void accept(io.nats.client.Message message) {
            String subject = message.getSubject();
            subjects.put(subject, Boolean.TRUE);
            long now = System.currentTimeMillis();
            try {
                long timestamp = Instant.parse(JSON.readTree(message.getData()).path("timestamp").asText())
                        .toEpochMilli();
                if (timestamp < windowStart || timestamp > windowEnd) {
                    return;
                }
                synchronized (this) {
                    count.incrementAndGet();
                    latencyList.add(now - timestamp);
                    seen.computeIfAbsent(subject, s -> new java.util.HashSet<>()).add(timestamp);
                    if (sample.size() < 20_000) {
                        sample.add(NatsMessage.builder().subject(subject).data(message.getData()).build());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not a telemetry message
            }
        }

        synchronized long[] latencies() {
            long[] values = latencyList.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(values);
            return values;
        }

        /**
         * Changes the simulator wrote in the window that never arrived: per source timestamp (each step of a group of
         * machines writes its changes with one shared timestamp), what it wrote less the subjects that arrived with
         * that timestamp. The window's first and last timestamps are left out (the window cuts them).
         */
        synchronized long lost(Map<Long, Integer> written) {
            List<Long> steps = written.keySet().stream().filter(t -> t >= windowStart && t <= windowEnd).sorted()
                    .toList();
            if (steps.size() < 3) {
                return 0;
            }
            Map<Long, Integer> arrived = new HashMap<>();
            seen.values().forEach(got -> got.forEach(t -> arrived.merge(t, 1, Integer::sum)));
            long lost = 0;
            for (Long step : steps.subList(1, steps.size() - 1)) {
                lost += Math.max(0, written.get(step) - arrived.getOrDefault(step, 0));
            }
            return lost;
        }
    }
}
