package io.iiot.gateway.drain.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.iiot.gateway.bench.BenchResult;
import io.iiot.gateway.bench.BenchmarksDoc;
import io.iiot.gateway.drain.CassandraSettings;
import io.iiot.gateway.drain.CassandraSink;
import io.iiot.gateway.drain.CopyText;
import io.iiot.gateway.drain.DrainMessage;
import io.iiot.gateway.drain.GreenplumSettings;
import io.iiot.gateway.drain.GreenplumSink;
import io.iiot.gateway.drain.JetStreamComponent;
import io.iiot.gateway.drain.Measurement;
import io.iiot.gateway.drain.Sink;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.postgresql.PGConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench drain [--sink greenplum|cassandra]}: fills a stream with telemetry, drains it through the shipped
 * route into the sink (with acknowledgements), and in the same run measures the sink's ceiling on the same rows, in a
 * table of the same definition: pgjdbc COPY straight into it, or the driver's asynchronous INSERTs at the same
 * concurrency. Drain and ceiling alternate in rounds after a warm-up drain (see {@code run}). Without {@code --sink}
 * it runs both, each with its own result line.
 */
@Command(name = "drain", mixinStandardHelpOptions = true, description = {
        "Drain a pre-filled stream into Greenplum/PostgreSQL and/or Cassandra and compare with the sink's ceiling",
        "measured in the same run. Needs running servers: make bench-drain starts local ones."})
public final class DrainBenchCommand implements Callable<Integer> {

    private static final String STREAM = "BENCH_DRAIN";
    private static final int ROUNDS = 4;

    @Option(names = "--sink", paramLabel = "SINK", description = "greenplum or cassandra (default: both)")
    String sink;

    @Option(names = "--messages", paramLabel = "N",
            description = "messages in the stream (default: 500000 for greenplum, 200000 for cassandra)")
    Integer messages;

    @Option(names = "--nats-url", required = true, paramLabel = "URL", description = "nats-server with JetStream")
    String natsUrl;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL/Greenplum database for --sink greenplum")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", defaultValue = "postgres",
            description = "database user (password: GREENPLUM_PASSWORD)")
    String jdbcUser;

    @Option(names = "--cassandra", paramLabel = "HOST:PORT",
            description = "Cassandra contact point for --sink cassandra")
    String cassandra;

    @Option(names = "--datacenter", paramLabel = "DC", defaultValue = "datacenter1",
            description = "Cassandra local data center")
    String datacenter;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "128",
            description = "Cassandra writes in flight, drain and ceiling alike")
    int maxInFlight;

    @Option(names = "--docs", paramLabel = "FILE", defaultValue = "docs/benchmarks.md",
            description = "benchmarks page to update")
    Path docs;

    private String loadAtStart;

    @Override
    public Integer call() throws Exception {
        List<String> sinks = sink == null ? List.of("greenplum", "cassandra") : List.of(sink);
        for (String name : sinks) {
            if (name.equals("greenplum") && jdbcUrl == null || name.equals("cassandra") && cassandra == null) {
                System.err.println("bench drain: --sink " + name + " needs " + (name.equals("greenplum")
                        ? "--jdbc-url"
                        : "--cassandra") + " (make bench-drain starts local servers)");
                return 2;
            }
        }
        for (String name : sinks) {
            loadAtStart = loadAverage();
            BenchResult result = name.equals("greenplum") ? greenplum() : cassandra();
            System.out.println(result.toJson());
        }
        return 0;
    }

    private BenchResult greenplum() throws Exception {
        int n = messages == null ? 500_000 : messages;
        GreenplumSettings settings = greenplumSettings("bench_drain");
        GreenplumSettings ceilingSettings = greenplumSettings("bench_ceiling");
        try (java.sql.Connection db = settings.openConnection(); Statement statement = db.createStatement()) {
            for (String schema : List.of("bench_drain", "bench_ceiling")) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            for (String sql : ceilingSettings.script("schema.sql").statements()) {
                statement.execute(sql);
            }
            db.commit();
        }
        // the ceiling: the same rows COPYed straight into a table of the same definition (primary key included)
        String copy = settings.commonScript("copy-staging.sql").statement().replace("drain_staging",
                "bench_ceiling.measurements");
        Supplier<Ceiling> ceiling = () -> new Ceiling() {
            private java.sql.Connection db;

            @Override
            public double write(List<Measurement> rows) throws Exception {
                if (db == null) {
                    db = ceilingSettings.openConnection();
                }
                long start = System.nanoTime();
                for (int i = 0; i < rows.size(); i += 5000) {
                    db.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new ByteArrayInputStream(
                            CopyText.encode(rows.subList(i, Math.min(rows.size(), i + 5000)))));
                    db.commit();
                }
                return seconds(start);
            }

            @Override
            public void close() throws Exception {
                if (db != null) {
                    db.close();
                }
            }
        };
        Run run = run("greenplum", n, new GreenplumSink(settings), () -> {
            try (java.sql.Connection db = settings.openConnection(); Statement statement = db.createStatement()) {
                statement.execute("TRUNCATE bench_drain.measurements");
                db.commit();
            }
        }, ceiling,
                () -> count(settings));
        return report("drain-greenplum", "pgjdbc COPY into a table of the same definition", run);
    }

    private GreenplumSettings greenplumSettings(String schema) {
        return new GreenplumSettings(jdbcUrl, jdbcUser, System.getenv().getOrDefault("GREENPLUM_PASSWORD", ""),
                schema, GreenplumSettings.Dialect.POSTGRES, LocalDate.parse("2026-01-01"),
                LocalDate.parse("2027-01-01"));
    }

    private BenchResult cassandra() throws Exception {
        int n = messages == null ? 200_000 : messages;
        CassandraSettings settings = cassandraSettings("bench_drain");
        CassandraSettings ceilingSettings = cassandraSettings("bench_ceiling");
        try (CqlSession session = settings.openSession()) {
            for (String keyspace : List.of("bench_drain", "bench_ceiling")) {
                session.execute(SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
                        .setTimeout(Duration.ofMinutes(1)));
            }
            for (String file : List.of("keyspace.cql", "measurements.cql")) {
                for (String cql : ceilingSettings.script(file).statements()) {
                    session.execute(SimpleStatement.newInstance(cql).setTimeout(Duration.ofMinutes(1)));
                }
            }
        }
        // the ceiling: the driver's asynchronous INSERTs of the same rows at the same concurrency into a table of the
        // same definition
        Supplier<Ceiling> ceiling = () -> new Ceiling() {
            private CqlSession session;
            private PreparedStatement insert;

            @Override
            public double write(List<Measurement> rows) throws Exception {
                if (session == null) {
                    session = ceilingSettings.openSession();
                    insert = session.prepare(ceilingSettings.script("insert-measurement.cql").statement());
                }
                Semaphore inFlight = new Semaphore(maxInFlight);
                long start = System.nanoTime();
                for (Measurement row : rows) {
                    inFlight.acquire();
                    session.executeAsync(insert.bind(row.org(), row.site(), row.machine(), row.sensor(),
                            row.metric(), row.day(), row.ts(), row.msgId(), row.area(), row.line(), row.value(),
                            row.valueText(), row.unit(), row.quality(), row.streamSequence(), 0)
                            .unset("value_text"))
                            .whenComplete((r, e) -> inFlight.release());
                }
                inFlight.acquire(maxInFlight);
                return seconds(start);
            }

            @Override
            public void close() {
                if (session != null) {
                    session.close();
                }
            }
        };
        Run run = run("cassandra", n, new CassandraSink(settings), () -> {
            try (CqlSession session = settings.openSession()) {
                session.execute(SimpleStatement.newInstance("TRUNCATE bench_drain.measurements")
                        .setTimeout(Duration.ofMinutes(1)));
            }
        }, ceiling,
                () -> count(settings, n));
        return report("drain-cassandra", "driver async INSERT, " + maxInFlight + " in flight, into a table of the "
                + "same definition", run);
    }

    private CassandraSettings cassandraSettings(String keyspace) {
        return new CassandraSettings(CassandraSettings.contactPoints(cassandra), datacenter, keyspace, "",
                System.getenv().getOrDefault("CASSANDRA_PASSWORD", ""),
                "{'class': 'SimpleStrategy', 'replication_factor': 1}", 0, maxInFlight);
    }

    /** A sink's ceiling: writes rows straight into a table of its own, of the drain table's definition. */
    private interface Ceiling extends AutoCloseable {
        /** @return seconds it took */
        double write(List<Measurement> rows) throws Exception;
    }

    /** Empties the drain's table. */
    private interface Truncate {
        void run() throws Exception;
    }

    /** What draining the stream through the shipped route took, and the ceiling in the same rounds. */
    private record Run(int messages, double perS, double p50Ms, double p99Ms, long lost, long duplicated,
            double fillPerS, double fetchAckPerS, double ceilingPerS, String rounds, double drainCpuMicros,
            double ceilingCpuMicros) {
    }

    /**
     * Fills the stream; drains it once into the sink's table by a durable of its own, untimed, so that neither
     * figure pays the JIT warm-up of the database's node or of this JVM, nor the sink its connection and schema;
     * empties the table; then measures the ceiling and the drain in {@value #ROUNDS} alternating
     * rounds of a quarter of the rows each (ceiling, drain, ceiling, drain...), so that the node's further warming
     * up and the other work on the shared machine weigh on both alike; each figure is its rows over its summed
     * time. Then NATS alone.
     */
    private Run run(String name, int n, Sink sink, Truncate truncate, Supplier<Ceiling> ceiling,
            Supplier<long[]> rowsOf) throws Exception {
        List<Measurement> rows = rows(n);
        try (Connection nats = Nats.connect(natsUrl)) {
            double fillPerS = fill(nats, n);
            double drainSeconds = 0;
            double ceilingSeconds = 0;
            List<String> rounds = new ArrayList<>();
            long drainCpu = 0;
            long ceilingCpu = 0;
            Drained drained = null;
            try (Ceiling straight = ceiling.get(); TimedSink timed = new TimedSink(sink)) {
                drain(nats, name, "bench-" + name + "-warm-up", n, sink, false);
                truncate.run();
                int from = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    int to = (int) ((long) n * round / ROUNDS);
                    long cpu = cpuNanos();
                    double ceilingRound = straight.write(rows.subList(from, to));
                    ceilingCpu += cpuNanos() - cpu;
                    cpu = cpuNanos();
                    drained = drain(nats, name, "bench-" + name, to, timed, round < ROUNDS);
                    drainCpu += cpuNanos() - cpu;
                    ceilingSeconds += ceilingRound;
                    drainSeconds += drained.seconds();
                    rounds.add(String.format("%,.0f / %,.0f", (to - from) / drained.seconds(),
                            (to - from) / ceilingRound));
                    from = to;
                }
                long[] written = rowsOf.get();
                double fetchAckPerS = fetchAndAck(nats, n, drained.batchSize(), drained.loops());
                return new Run(n, n / drainSeconds, timed.percentile(50), timed.percentile(99), n - written[1],
                        written[0] - written[1], fillPerS, fetchAckPerS, n / ceilingSeconds,
                        String.join(", ", rounds), drainCpu / 1e3 / n, ceilingCpu / 1e3 / n);
            }
        }
    }

    /** How long a drain took, and the route's batch size and fetch loops it ran with. */
    private record Drained(double seconds, int batchSize, int loops) {
    }

    /**
     * Drains the stream through the shipped route with the shipped settings (batch size, fetch loops) of the sink,
     * with the given durable, until the first {@code until} messages are acknowledged. With {@code timeStop}, the
     * time includes stopping the route, as the batches it has fetched by then are written and acknowledged.
     */
    private Drained drain(Connection nats, String name, String durable, int until, Sink sink, boolean timeStop)
            throws Exception {
        CamelContext context = routeContext(nats, name, durable, sink);
        context.start(); // the route waits: Camel's start-up is no part of the drain's time
        String route = "jetstream-to-" + name;
        long start = System.nanoTime();
        context.getRouteController().startRoute(route);
        JetStreamManagement management = nats.jetStreamManagement();
        boolean terminal = System.console() != null;
        while (true) {
            ConsumerInfo info = consumer(management, durable);
            if (info != null && info.getAckFloor().getStreamSequence() >= until) {
                break;
            }
            if (terminal && info != null) {
                System.err.printf("\r  %s: %,d of %,d drained", durable, info.getAckFloor().getStreamSequence(),
                        until);
            }
            Thread.sleep(20);
        }
        double seconds = seconds(start);
        if (terminal) {
            System.err.println();
        }
        int batchSize = Integer.parseInt(context.resolvePropertyPlaceholders("{{" + name + ".batch-size}}"));
        int loops = Integer.parseInt(context.resolvePropertyPlaceholders("{{" + name + ".consumers}}"));
        long stopping = System.nanoTime();
        context.getRouteController().stopRoute(route);
        double stopSeconds = seconds(stopping);
        context.stop();
        return new Drained(timeStop ? seconds + stopSeconds : seconds, batchSize, loops);
    }

    /** The shipped route of the sink, not started by its context, reading the bench's stream with the given durable. */
    private static CamelContext routeContext(Connection nats, String name, String durable, Sink sink)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties overrides = new Properties();
        overrides.put("nats.drain.stream", STREAM);
        overrides.put(name + ".enabled", "false"); // started by hand
        overrides.put(name + ".durable", durable);
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        context.getPropertiesComponent().setOverrideProperties(overrides);
        context.getRegistry().bind("natsConnection", nats);
        context.getRegistry().bind(name + "Sink", sink);
        context.addComponent("jetstream", new JetStreamComponent());
        for (String file : List.of("error-handling.camel.yaml", "jetstream-to-" + name + ".camel.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context,
                    "file:" + Path.of("routes", file).toAbsolutePath()));
        }
        return context;
    }

    /**
     * What NATS alone delivers: the same stream fetched and acknowledged message by message by a fresh durable, with
     * the route's batch size and fetch loops, nothing parsed or written. The drain cannot pass this either.
     */
    private static double fetchAndAck(Connection nats, int n, int batchSize, int loops) throws Exception {
        nats.jetStreamManagement().addOrUpdateConsumer(STREAM, ConsumerConfiguration.builder().durable("bench-fetch")
                .ackPolicy(AckPolicy.Explicit).ackWait(Duration.ofSeconds(30)).maxAckPending(20_000).build());
        JetStream jetStream = nats.jetStream();
        AtomicInteger left = new AtomicInteger(n);
        ExecutorService pool = Executors.newFixedThreadPool(loops);
        try {
            long start = System.nanoTime();
            List<Future<?>> fetchers = new ArrayList<>();
            for (int i = 0; i < loops; i++) {
                fetchers.add(pool.submit(() -> {
                    JetStreamSubscription subscription = jetStream.subscribe(null,
                            PullSubscribeOptions.bind(STREAM, "bench-fetch"));
                    while (left.get() > 0) {
                        for (Message message : subscription.fetch(batchSize, Duration.ofMillis(100))) {
                            message.ack();
                            left.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> fetcher : fetchers) {
                fetcher.get();
            }
            return n / seconds(start);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConsumerInfo consumer(JetStreamManagement management, String durable) throws Exception {
        try {
            return management.getConsumerInfo(STREAM, durable);
        } catch (JetStreamApiException e) {
            return null;
        }
    }

    /** A fresh stream holding n telemetry messages; returns the publish rate. */
    private static double fill(Connection nats, int n) throws Exception {
        JetStreamManagement management = nats.jetStreamManagement();
        try {
            management.deleteStream(STREAM);
        } catch (JetStreamApiException e) {
            // absent
        }
        management.addStream(StreamConfiguration.builder().name(STREAM).subjects("bench.>")
                .storageType(StorageType.File).build());
        JetStream jetStream = nats.jetStream();
        long start = System.nanoTime();
        List<CompletableFuture<?>> window = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DrainMessage message = message(i);
            window.add(jetStream.publishAsync(NatsMessage.builder().subject(message.subject())
                    .headers(new Headers().put("Nats-Msg-Id", message.messageId())).data(message.data()).build()));
            if (window.size() == 5000) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get();
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get();
        return n / seconds(start);
    }

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    /** Message i: 200 machines, 5 metrics, one reading per 10 ms. */
    static DrainMessage message(int i) {
        String subject = "bench.plant.hall-a.line-" + (i % 4) + ".m-" + (i % 200) + ".spindle.metric-" + (i % 5);
        String body = "{\"value\":" + (i % 1000) * 0.01 + ",\"unit\":\"mm/s\",\"timestamp\":\"" + T0.plusMillis(i * 10L)
                + "\",\"quality\":\"good\",\"machine_id\":\"m-" + (i % 200) + "\",\"sensor\":\"spindle\","
                + "\"metric\":\"metric-" + (i % 5) + "\",\"source\":\"bench\"}";
        return new DrainMessage(subject, body.getBytes(StandardCharsets.UTF_8), "bench-" + i, i + 1L, 1, null);
    }

    private static List<Measurement> rows(int n) {
        List<Measurement> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(Measurement.of(message(i)));
        }
        return rows;
    }

    /** Rows and distinct message ids. */
    private static long[] count(GreenplumSettings settings) {
        try (java.sql.Connection db = settings.openConnection();
                Statement statement = db.createStatement();
                ResultSet result = statement
                        .executeQuery("SELECT count(*), count(DISTINCT msg_id) FROM bench_drain.measurements")) {
            result.next();
            return new long[]{result.getLong(1), result.getLong(2)};
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot count the drained rows: " + e.getMessage(), e);
        }
    }

    /**
     * Rows, twice: the primary key holds the message id, so a row is a distinct message. Counted partition by
     * partition, as a whole-table count times out on a busy node.
     */
    private long[] count(CassandraSettings settings, int n) {
        try (CqlSession session = settings.openSession()) {
            PreparedStatement count = session.prepare("SELECT count(*) FROM bench_drain.measurements WHERE org = ? "
                    + "AND site = ? AND machine = ? AND sensor = ? AND metric = ? AND bucket = ?");
            java.util.Set<List<Object>> partitions = new java.util.LinkedHashSet<>();
            for (Measurement row : rows(n)) {
                partitions.add(List.of(row.org(), row.site(), row.machine(), row.sensor(), row.metric(),
                        row.day()));
            }
            long rows = 0;
            for (List<Object> partition : partitions) {
                rows += session.execute(count.bind(partition.toArray()).setTimeout(Duration.ofMinutes(1))).one()
                        .getLong(0);
            }
            return new long[]{rows, rows};
        }
    }

    private BenchResult report(String scenario, String ceilingName, Run run) throws Exception {
        double ceiling = run.ceilingPerS();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("fill_per_s", Math.round(run.fillPerS()));
        extra.put("duplicated", run.duplicated());
        extra.put("ceiling", ceilingName);
        extra.put("nats_fetch_ack_per_s", Math.round(run.fetchAckPerS()));
        extra.put("drain_cpu_us_per_row", Math.round(run.drainCpuMicros() * 10) / 10.0);
        extra.put("ceiling_cpu_us_per_row", Math.round(run.ceilingCpuMicros() * 10) / 10.0);
        BenchResult result = new BenchResult(scenario, run.messages(), run.perS(), run.p50Ms(), run.p99Ms(),
                run.lost(), rssMib(), ceiling, null, null, extra);
        String table = String.format("""
                | figure | value |
                |---|---|
                | messages (stream filled beforehand at %,.0f msg/s) | %,d |
                | drained with acks, rows/s | %,.0f |
                | ceiling (%s), rows/s | %,.0f |
                | ratio | %.2f |
                | drain / ceiling by round, rows/s | %s |
                | CPU of this JVM per row, µs: drain / ceiling | %.1f / %.1f |
                | NATS alone: jnats fetch + ack of the same stream, nothing written, rows/s | %,.0f |
                | batch write p50 / p99, ms | %.1f / %.1f |
                | lost / duplicated | %d / %d |
                | RSS of the JVM (drain + bench), MiB | %.0f |
                """, run.fillPerS(), run.messages(), run.perS(), ceilingName, ceiling, result.ratio(), run.rounds(),
                run.drainCpuMicros(), run.ceilingCpuMicros(),
                run.fetchAckPerS(), run.p50Ms(), run.p99Ms(),
                run.lost(), run.duplicated(), rssMib());
        System.out.println(scenario);
        System.out.print(table);
        String chart = BenchmarksDoc.barChart(new String[]{"drain (route, acks)", "ceiling", "NATS alone"},
                new double[]{run.perS(), ceiling, run.fetchAckPerS()}, "rows/s");
        new BenchmarksDoc(docs).write(scenario, "## `bench drain --sink " + scenario.substring(6) + "`\n\n"
                + "Measured " + Instant.now().toString().substring(0, 16) + "Z on "
                + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAtStart
                + " at the start and "
                + loadAverage() + " at the end (the machine is shared); figures as measured. After a warm-up drain "
                + "of the stream (untimed), the ceiling and the drain ran in " + ROUNDS + " alternating rounds of a "
                + "quarter of the rows each. Reproduce: `make bench-drain SINK="
                + scenario.substring(6) + "` (starts nats-server, PostgreSQL 15 / Cassandra 5 on free ports).\n\n"
                + table + "\n```\n" + chart + "```\n");
        return result;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** CPU time of this JVM so far, every thread (JIT and GC included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return Runtime.getRuntime().totalMemory() / 1048576.0;
    }
}
