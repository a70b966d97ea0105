package io.iiot.gateway.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload while messages flow: a sender keeps sending through a route loaded from a file and counts a message
 * as acknowledged when the route has finished with it, the way a source acknowledges upstream on completion.
 * The file is edited, then broken twice; every acknowledged message must have reached the sink.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RouteFileReloaderTest {

    /** The file watcher can take tens of seconds to report a change on a loaded machine (seen on 2 busy cores). */
    private static final Duration RELOAD = Duration.ofSeconds(90);

    private static final String ROUTE = """
            - route:
                id: relay%2$s
                from:
                  uri: direct:in%2$s
                  steps:
                    - setBody:
                        simple: "%1$s:${body}"
                    - bean:
                        ref: sink
                        method: add
            """;

    @TempDir
    Path routes;

    private final List<String> sink = new CopyOnWriteArrayList<>();
    private final GatewayMetrics metrics = GatewayMetrics.inMemory();
    private DefaultCamelContext camel;
    private Path file;

    @BeforeEach
    void startCamel() throws Exception {
        file = routes.resolve("relay.camel.yaml");
        Files.createDirectory(routes.resolve("line-1"));
        Files.writeString(file, route("v1"));
        camel = new DefaultCamelContext();
        camel.getRegistry().bind("sink", sink);
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + file));
        camel.addService(RouteFileReloader.forIncludePattern("file:" + routes + "/**/*.camel.yaml", metrics)
                .orElseThrow());
        camel.start();
    }

    private static String route(String version) {
        return ROUTE.formatted(version, "");
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    private double reloads(String outcome) {
        var counter = metrics.registry().find("gateway.route.reloads").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anEditTakesEffectAndBrokenFilesAreRejectedWithoutLosingAnAcknowledgedMessage() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ProducerTemplate template = camel.createProducerTemplate();
        Thread sender = new Thread(() -> {
            for (int i = 0; sending.get() && i < 1_000_000; i++) {
                try {
                    // direct: waits for the route's consumer while it restarts; returns once the route completed
                    template.sendBody("direct:in", "m" + i);
                    acknowledged.add("m" + i);
                } catch (CamelExecutionException e) {
                    // not acknowledged: a real source redelivers it
                    refused.incrementAndGet();
                }
            }
        });
        sender.start();

        Files.writeString(file, route("v2"));
        await().atMost(RELOAD).until(() -> sink.stream().anyMatch(m -> m.startsWith("v2:")));
        await().atMost(RELOAD).until(() -> reloads("applied") == 1);

        Files.writeString(file, "- route:\n    id: relay\n    from: [unclosed\n");
        await().atMost(RELOAD).until(() -> reloads("rejected") >= 1);
        double rejectedBefore = reloads("rejected");
        Files.writeString(file, route("v3").replace("direct:in", "no-such-component:in"));
        await().atMost(RELOAD).until(() -> reloads("rejected") > rejectedBefore);
        int before = sink.size();
        await().atMost(RELOAD).until(() -> sink.size() > before + 10);

        sending.set(false);
        sender.join(30_000);
        List<String> received = List.copyOf(sink);
        Set<String> delivered = new HashSet<>(received);
        for (String id : acknowledged) {
            assertTrue(delivered.contains("v1:" + id) || delivered.contains("v2:" + id), id + " was lost");
        }
        assertTrue(received.get(received.size() - 1).startsWith("v2:"), "the last good version still runs");
        assertTrue(reloads("applied") >= 1, "the good edit was applied");
        assertTrue(refused.get() < acknowledged.size() / 10, refused + " refused of " + acknowledged.size());
    }

    @Test
    void aRemovedFileRemovesItsRoutes() throws Exception {
        Files.delete(file);
        await().atMost(RELOAD).until(() -> camel.getRoute("relay") == null);
    }

    @Test
    void aFileInASubDirectoryIsAddedEditedAndRemovedLikeOneAtTheTop() throws Exception {
        addEditRemove(routes.resolve("line-1"));
    }

    @Test
    void aFileInASubDirectoryCreatedWhileRunningIsAddedEditedAndRemoved() throws Exception {
        addEditRemove(Files.createDirectories(routes.resolve("line-2").resolve("cell-4")));
    }

    private void addEditRemove(Path directory) throws Exception {
        Path other = directory.resolve("relay-2.camel.yaml");
        ProducerTemplate template = camel.createProducerTemplate();

        Files.writeString(other, ROUTE.formatted("w1", "-2"));
        await().atMost(RELOAD).until(() -> camel.getRoute("relay-2") != null);
        template.sendBody("direct:in-2", "a");
        assertTrue(sink.contains("w1:a"), "the added route runs: " + sink);

        Files.writeString(other, ROUTE.formatted("w2", "-2"));
        await().atMost(RELOAD).until(() -> {
            template.sendBody("direct:in-2", "b");
            return sink.contains("w2:b");
        });

        Files.delete(other);
        await().atMost(RELOAD).until(() -> camel.getRoute("relay-2") == null);
        assertTrue(camel.getRoute("relay") != null, "the top-level route keeps running");
    }
}
