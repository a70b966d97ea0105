package io.iiot.gateway.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.jetstream.JetStreamProvisioner.Action;
import io.iiot.gateway.jetstream.JetStreamProvisioner.Provisioned;
import io.iiot.gateway.jetstream.JetStreamPublisher;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.ops.GatewayMetrics;
import io.iiot.gateway.testing.NatsNode;
import io.iiot.gateway.testing.NatsServer;
import io.iiot.gateway.testing.SiteTopology;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge-to-cloud topology of {@code config/nats/} on loopback: a three-node cloud cluster and the edge
 * servers of two sites (munich, berlin), each joined over a leaf link that a test cuts and restores.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EdgeToCloudIT {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeToCloudIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(150);
    private static final String MUNICH = "munich";
    private static final String BERLIN = "berlin";
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private static SiteTopology topology;

    @BeforeAll
    static void startTopology() throws Exception {
        topology = new SiteTopology();
        topology.start();
        topology.provision();
    }

    @AfterAll
    static void stopTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @AfterEach
    void restoreLinks() {
        for (String site : SiteTopology.SITES) {
            if (topology.link(site).isCut()) {
                topology.link(site).restore();
                topology.awaitLinkUp(site);
            }
        }
    }

    @Test
    void messagesPublishedAtTheEdgeDuringAnOutageReachTheCloudExactlyOnceInOrder() throws Exception {
        List<String> machines = List.of("cnc-001", "cnc-002", "cnc-003");
        String filter = "acme.munich.hall-s.>";
        int before = 300;
        int during = 3000;
        try (Connection edge = topology.connectEdge(MUNICH);
                Connection local = topology.connectEdge(MUNICH);
                Connection cloud = topology.connectCloud("cloud-gateway")) {
            JetStreamPublisher publisher = new JetStreamPublisher(edge, GatewayMetrics.inMemory());
            JetStreamManagement cloudStreams = cloud.jetStreamManagement();
            // a consumer at the site goes on receiving while the cloud is unreachable
            Subscription localConsumer = local.subscribe(filter);
            local.flush(Duration.ofSeconds(5));

            publish(publisher, machines, 0, before);
            await("messages before the outage in the cloud").atMost(CATCH_UP_LIMIT)
                    .until(() -> count(cloudStreams, filter) == before);

            Instant cut = Instant.now();
            topology.link(MUNICH).cut();
            topology.awaitLinkDown(MUNICH);
            publish(publisher, machines, before, during);
            for (int i = 0; i < before + during; i++) {
                assertTrue(localConsumer.nextMessage(Duration.ofSeconds(5)) != null, "local message " + i);
            }
            // the outage lasts at least a few seconds, longer than any reconnect attempt of the leaf
            await().pollDelay(Duration.ofSeconds(5)).until(() -> true);
            assertEquals(before, count(cloudStreams, filter), "the cloud received nothing while the link was cut");
            assertEquals(before + during, count(edge.jetStreamManagement(), filter),
                    "the edge stored everything");
            StreamInfo buffer = edge.jetStreamManagement().getStreamInfo("TELEMETRY");

            Instant restored = Instant.now();
            topology.link(MUNICH).restore();
            await("catch-up").atMost(CATCH_UP_LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(cloudStreams, filter) >= before + during);
            Instant caughtUp = Instant.now();

            List<Message> stored = readAll(cloud, filter, before + during);
            assertExactlyOnceInOrder(stored, machines, before + during);
            LOG.info("store-and-forward: {} messages published at the edge during an outage of {} ms; the cloud "
                    + "held all {} (exactly once, in per-subject order) {} ms after the link was restored; the edge "
                    + "stores {} bytes per message", during, Duration.between(cut, restored).toMillis(),
                    before + during, Duration.between(restored, caughtUp).toMillis(),
                    buffer.getStreamState().getByteCount() / buffer.getStreamState().getMsgCount());
        }
    }

    @Test
    void aMachineConfigChangeMadeWhileASiteIsOfflineReachesItAfterItReconnects() throws Exception {
        try (Connection operator = topology.connectCloud("operator");
                Connection munich = topology.connectEdge(MUNICH);
                Connection berlin = topology.connectEdge(BERLIN)) {
            KeyValue master = operator.keyValue("MACHINE_CONFIG");
            KeyValue atMunich = munich.keyValue("MACHINE_CONFIG");
            KeyValue atBerlin = berlin.keyValue("MACHINE_CONFIG");
            master.put("cnc-007", "{\"variables\":{\"spindle.vibration.rms\":{\"alert\":{\"high\":8.0}}}}");
            await("first revision at munich").atMost(CATCH_UP_LIMIT).until(() -> value(atMunich, "cnc-007"),
                    v -> v.contains("8.0"));
            // what the gateway's MACHINE_CONFIG watcher does: watch the site's bucket for changes
            List<Long> watched = new CopyOnWriteArrayList<>();
            atMunich.watch("cnc-007", new KeyValueWatcher() {
                @Override
                public void watch(KeyValueEntry entry) {
                    watched.add(entry.getRevision());
                }

                @Override
                public void endOfData() {
                }
            }, KeyValueWatchOption.UPDATES_ONLY);

            topology.link(MUNICH).cut();
            topology.awaitLinkDown(MUNICH);
            long revision = master.put("cnc-007",
                    "{\"variables\":{\"spindle.vibration.rms\":{\"alert\":{\"high\":6.5}}}}");
            await("change at berlin, which is online").atMost(CATCH_UP_LIMIT)
                    .until(() -> value(atBerlin, "cnc-007"), v -> v.contains("6.5"));
            assertTrue(value(atMunich, "cnc-007").contains("8.0"), "munich keeps the last revision it had");

            Instant restored = Instant.now();
            topology.link(MUNICH).restore();
            await("change at munich after reconnecting").atMost(CATCH_UP_LIMIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> atMunich.get("cnc-007").getRevision() == revision);
            await("change seen by a watcher at munich").atMost(CATCH_UP_LIMIT).until(() -> watched.contains(revision));
            LOG.info("config sync: revision {} made while munich was offline was readable there {} ms after the "
                    + "link came back", revision, Duration.between(restored, Instant.now()).toMillis());
        }
    }

    @Test
    void aPermittedUserGetsACommandReplyFromTheSiteAndARefusedUserDoesNot() throws Exception {
        String subject = "acme.munich.command.hall-a.line-1.cnc-001";
        List<String> received = new CopyOnWriteArrayList<>();
        try (Connection site = topology.connectEdge(MUNICH)) {
            // stands for the site gateway's command route: it replies with what it did
            site.createDispatcher(message -> {
                received.add(new String(message.getData(), StandardCharsets.UTF_8));
                site.publish(message.getReplyTo(), ("done " + message.getSubject()).getBytes(StandardCharsets.UTF_8));
            }).subscribe("acme.munich.command.>");
            site.flush(Duration.ofSeconds(5));

            try (Connection operator = topology.connectCloud("operator")) {
                byte[] stop = "{\"spindle\":\"stop\"}".getBytes(StandardCharsets.UTF_8);
                // the first request waits until the site's subscription has crossed the leaf link
                Message reply = await("reply across the leaf link").atMost(Duration.ofSeconds(30))
                        .until(() -> operator.request(subject, stop, Duration.ofSeconds(1)), r -> r != null);
                assertEquals("done " + subject, new String(reply.getData(), StandardCharsets.UTF_8));
            }

            List<String> errors = new CopyOnWriteArrayList<>();
            try (Connection viewer = connectCollectingErrors("viewer", errors)) {
                CompletableFuture<Message> refused = viewer.request(subject,
                        "{\"spindle\":\"start\"}".getBytes(StandardCharsets.UTF_8));
                await("permission error").atMost(Duration.ofSeconds(10))
                        .until(() -> errors.stream().anyMatch(e -> e.contains("Permissions Violation for Publish")));
                assertThrows(refused);
            }
            assertFalse(received.isEmpty());
            assertTrue(received.stream().allMatch("{\"spindle\":\"stop\"}"::equals),
                    "only the permitted command reached the site: " + received);
        }
    }

    @Test
    void aSitesGatewayCannotPublishUnderAnotherSite() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Options options = new Options.Builder().server(topology.edge(MUNICH).url())
                .userInfo("gateway", topology.password("gateway@munich")).errorListener(collect(errors)).build();
        try (Connection viewer = topology.connectCloud("viewer"); Connection munich = Nats.connect(options)) {
            Subscription atBerlin = viewer.subscribe("acme.berlin.>");
            viewer.flush(Duration.ofSeconds(5));
            munich.publish("acme.berlin.hall-a.line-1.cnc-009.spindle.vibration.rms", "{}".getBytes());
            munich.flush(Duration.ofSeconds(5));
            await("permission error").atMost(Duration.ofSeconds(10))
                    .until(() -> errors.stream().anyMatch(e -> e.contains("Permissions Violation for Publish")));
            assertNull(atBerlin.nextMessage(Duration.ofSeconds(1)), "a message crossed into berlin's subjects");
        }
    }

    @Test
    void theCloudRefusesAnotherSitesSubjectsFromASitesLeafLink() throws Exception {
        // an edge server that lets anyone publish anything (misconfigured or compromised) logs in as munich
        NatsServer rogue = NatsServer.builder().name("rogue-munich").config("leafnodes { remotes: [ { url: \"nats://"
                + "leaf-munich:" + topology.password("leaf-munich") + "@127.0.0.1:" + topology.leafPort(0) + "\" } ] }")
                .build();
        List<String> arrived = new CopyOnWriteArrayList<>();
        try (rogue; Connection viewer = topology.connectCloud("viewer")) {
            rogue.start();
            viewer.createDispatcher(message -> arrived.add(message.getSubject())).subscribe("acme.munich.rogue.>")
                    .subscribe("acme.berlin.rogue.>");
            viewer.flush(Duration.ofSeconds(5));
            try (Connection inside = Nats.connect(rogue.url())) {
                await("rogue leaf joined").atMost(Duration.ofSeconds(30)).until(() -> {
                    inside.publish("acme.munich.rogue.probe", "own site".getBytes(StandardCharsets.UTF_8));
                    inside.flush(Duration.ofSeconds(1));
                    return !arrived.isEmpty();
                });
                inside.publish("acme.berlin.rogue.probe", "other site".getBytes(StandardCharsets.UTF_8));
                inside.publish("acme.munich.rogue.last", "own site".getBytes(StandardCharsets.UTF_8));
                inside.flush(Duration.ofSeconds(5));
            }
            await("last message of the site").atMost(Duration.ofSeconds(10))
                    .until(() -> arrived.contains("acme.munich.rogue.last"));
            assertTrue(arrived.stream().allMatch(subject -> subject.startsWith("acme.munich.")),
                    "the cloud accepted another site's subject from munich's link: " + arrived);
        }
    }

    @Test
    void restartedGatewaysFindTheirStreamsAsTheyLeftThem() throws Exception {
        // what a gateway's start-up provisioning does the second time, in the cloud and at each site
        for (List<Provisioned> server : topology.provision()) {
            for (Provisioned stream : server) {
                assertEquals(Action.UNCHANGED, stream.action(), stream.toString());
                // nothing reported as ignored by the server but compression, which nats-server 2.9 does not do
                assertTrue(stream.ignored().stream().allMatch(setting -> setting.startsWith("compression=")),
                        stream.toString());
            }
        }
    }

    @Test
    void theCloudClusterKeepsAnR3StreamThroughTheRestartOfOneNode() throws Exception {
        String filter = "acme.munich.hall-r.>";
        try (Connection edge = topology.connectEdge(MUNICH);
                Connection cloud = topology.connectCloud("cloud-gateway")) {
            JetStreamPublisher publisher = new JetStreamPublisher(edge, GatewayMetrics.inMemory());
            JetStreamManagement streams = cloud.jetStreamManagement();
            StreamInfo info = streams.getStreamInfo("TELEMETRY");
            assertEquals(3, info.getConfiguration().getReplicas());
            assertEquals(2, info.getClusterInfo().getReplicas().size(), "two replicas besides the leader");

            publish(publisher, List.of("cnc-001"), "hall-r", 0, 100);
            await().atMost(CATCH_UP_LIMIT).until(() -> count(streams, filter) == 100);
            NatsNode leader = nodeNamed(info.getClusterInfo().getLeader());
            leader.stop();
            publish(publisher, List.of("cnc-001"), "hall-r", 100, 100);
            await("stream served by a new leader").atMost(CATCH_UP_LIMIT).ignoreExceptions()
                    .until(() -> count(streams, filter) == 200);
            leader.start();
            // the restarted node's own copy catches up with the stream (its monitoring port reports it)
            await("restarted node's replica caught up").atMost(CATCH_UP_LIMIT).ignoreExceptions()
                    .until(() -> localMessages(leader) == streams.getStreamInfo("TELEMETRY").getStreamState()
                            .getMsgCount());
            assertExactlyOnceInOrder(readAll(cloud, filter, 200), List.of("cnc-001"), 200);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static void publish(JetStreamPublisher publisher, List<String> machines, int from, int count)
            throws Exception {
        publish(publisher, machines, "hall-s", from, count);
    }

    /** Publishes {@code count} readings per round-robin over the machines, numbered from {@code from}. */
    private static void publish(JetStreamPublisher publisher, List<String> machines, String area, int from,
            int count) throws Exception {
        for (int i = from; i < from + count; i++) {
            String machine = machines.get(i % machines.size());
            List<Token> metric = TelemetrySubject.parseMetric("vibration.rms");
            TelemetrySubject subject = new TelemetrySubject(Token.parse("acme"), Token.parse(MUNICH),
                    Token.parse(area), Token.parse("line-1"), Token.parse(machine), Token.parse("spindle"), metric);
            Instant timestamp = T0.plusMillis(i);
            String source = "opcua:opc.tcp://plc:4840";
            String node = "ns=2;s=" + area + "/" + machine + "/spindle/vibration_rms";
            TelemetryMessage message = new TelemetryMessage((long) i, "mm/s", timestamp, Quality.GOOD,
                    Token.parse(machine), Token.parse("spindle"), metric, source + "|" + node, Map.of());
            publisher.publishAsync(new Telemetry(subject, message, MessageId.of(source, node, timestamp))).get(10,
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static long count(JetStreamManagement streams, String filter) throws Exception {
        StreamInfo info = streams.getStreamInfo("TELEMETRY", StreamInfoOptions.filterSubjects(filter));
        return info.getStreamState().getSubjects() == null
                ? 0
                : info.getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    private static List<Message> readAll(Connection connection, String filter, int expected) throws Exception {
        JetStreamSubscription subscription = connection.jetStream().subscribe(filter,
                PullSubscribeOptions.builder().stream("TELEMETRY").configuration(ConsumerConfiguration.builder()
                        .deliverPolicy(DeliverPolicy.All).filterSubject(filter).build()).build());
        List<Message> messages = new ArrayList<>();
        while (messages.size() < expected) {
            List<Message> batch = subscription.fetch(500, Duration.ofSeconds(2));
            if (batch.isEmpty()) {
                break;
            }
            batch.forEach(Message::ack);
            messages.addAll(batch);
        }
        messages.addAll(subscription.fetch(10, Duration.ofMillis(500)));
        subscription.unsubscribe();
        return messages;
    }

    private static void assertExactlyOnceInOrder(List<Message> messages, List<String> machines, int expected)
            throws Exception {
        Set<String> ids = new HashSet<>();
        Map<String, Long> last = new HashMap<>();
        for (Message message : messages) {
            assertTrue(ids.add(message.getHeaders().getFirst("Nats-Msg-Id")), "duplicate " + message.getSubject());
            JsonNode body = JSON.readTree(message.getData());
            long value = body.get("value").asLong();
            Long previous = last.put(message.getSubject(), value);
            assertTrue(previous == null || previous < value,
                    message.getSubject() + ": " + value + " after " + previous);
        }
        assertEquals(expected, messages.size(), "messages in the cloud");
        assertEquals(machines.size(), last.size(), "subjects in the cloud");
    }

    private static String value(KeyValue bucket, String key) throws Exception {
        KeyValueEntry entry = bucket.get(key);
        return entry == null ? "" : entry.getValueAsString();
    }

    /** The number of TELEMETRY messages in this node's own replica, from its {@code /jsz} monitoring endpoint. */
    private static long localMessages(NatsNode node) throws Exception {
        JsonNode jsz = JSON.readTree(node.monitor("/jsz?accounts=true&streams=true"));
        for (JsonNode account : jsz.path("account_details")) {
            for (JsonNode stream : account.path("stream_detail")) {
                if (stream.path("name").asText().equals("TELEMETRY")) {
                    return stream.path("state").path("messages").asLong();
                }
            }
        }
        return -1;
    }

    private static NatsNode nodeNamed(String name) {
        for (int i = 0; i < 3; i++) {
            if (topology.cloud(i).name().equals(name)) {
                return topology.cloud(i);
            }
        }
        throw new IllegalStateException("no cloud node " + name);
    }

    private static Connection connectCollectingErrors(String user, List<String> errors) throws Exception {
        Options options = new Options.Builder().servers(topology.cloudUrls().split(","))
                .userInfo(user, topology.password(user)).errorListener(collect(errors)).build();
        return Nats.connect(options);
    }

    private static ErrorListener collect(List<String> errors) {
        return new ErrorListener() {
            @Override
            public void errorOccurred(Connection connection, String error) {
                errors.add(error);
            }
        };
    }

    private static void assertThrows(CompletableFuture<Message> request) throws InterruptedException {
        try {
            Message reply = request.get(3, TimeUnit.SECONDS);
            assertFalse(reply != null && !reply.isStatusMessage(), "a refused user got a reply");
        } catch (ExecutionException | TimeoutException e) {
            // refused: no reply
        }
    }
}
