package io.iiot.gateway.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.e2e.GatewayProcess;
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
import io.iiot.gateway.simulator.PlantSimulator;
import io.iiot.gateway.testing.FreePorts;
import io.iiot.gateway.testing.NatsNode;
import io.iiot.gateway.testing.NatsServer;
import io.iiot.gateway.testing.OpcUaTestClients;
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
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge-to-cloud topology of {@code config/nats/} on loopback: a three-node cloud cluster and the edge
 * servers of two sites (munich, berlin), each joined over a leaf link that a test cuts and restores. Munich's
 * gateway runs as users run it (the jar, site role {@code edge}, logged in at its edge server as {@code gateway}),
 * reading a plant simulator over OPC-UA and taking commands.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class EdgeToCloudIT {

    private static final Logger LOG = LoggerFactory.getLogger(EdgeToCloudIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(150);
    private static final String MUNICH = "munich";
    private static final String BERLIN = "berlin";
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    /** What munich's gateway publishes: the simulator's machines, all in area hall-g (seven tokens and more). */
    private static final String GATEWAY_SUBJECTS = "acme.munich.hall-g.*.*.*.>";
    /** Messages the gateway publishes during the outage. */
    private static final int OUTAGE_MESSAGES = 1000;
    private static final String SETPOINT = "ns=2;s=cnc-001/command/speed_setpoint";

    @TempDir
    static Path gatewayDir;

    private static SiteTopology topology;
    private static PlantSimulator plant;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startTopology() throws Exception {
        topology = new SiteTopology();
        topology.start();
        topology.provision();
        plant = PlantSimulator.builder().machines(3).port(FreePorts.next()).updateInterval(Duration.ofMillis(100))
                .build();
        plant.start();
        gateway = GatewayProcess.start(gatewayConfig(), Map.of(
                "NATS_SERVERS", topology.edge(MUNICH).url(),
                "NATS_USER", "gateway",
                "NATS_PASSWORD", topology.password("gateway@munich"),
                "OPCUA_SAMPLING_INTERVAL_MS", "100",
                "OPCUA_RECONNECT_DELAY_MS", "500"));
        try (Connection edge = topology.connectEdge(MUNICH)) {
            await("munich's gateway publishing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        assertTrue(gateway.isAlive(), () -> "gateway exited:\n" + gateway.output());
                        return count(edge.jetStreamManagement(), GATEWAY_SUBJECTS) > 0;
                    });
        }
    }

    /** Munich's site gateway: the simulator's three machines (one takes writes, one a method call, one nothing). */
    private static Path gatewayConfig() throws IOException {
        Path config = gatewayDir;
        GatewayProcess.copyTree(SiteTopology.siteJetStreamDir(), config.resolve("jetstream"));
        Files.writeString(config.resolve("application.properties"),
                "gateway.role = edge\ngateway.org = acme\ngateway.site = munich\n"
                        + "opcua.certificate-dir = " + config.resolve("client") + "\n"
                        + "opcua.trust-dir = " + config.resolve("pki") + "\n");
        StringBuilder assets = new StringBuilder("servers:\n  - id: plant\n    endpoint-url: " + plant.endpointUrl()
                + "\nmachines:\n");
        Map<String, String> commands = Map.of("cnc-001", "{node: \"" + SETPOINT + "\"}", "cnc-002",
                "{method: \"ns=2;s=cnc-002/reset\", object: \"ns=2;s=cnc-002\"}");
        for (String machine : plant.machines()) {
            assets.append("  - id: ").append(machine)
                    .append("\n    area: hall-g\n    line: line-1\n    server: plant\n");
            if (commands.containsKey(machine)) {
                assets.append("    command: ").append(commands.get(machine)).append('\n');
            }
            assets.append("    variables:\n");
            for (String variable : List.of("spindle/vibration_rms", "motor/current", "coolant/temperature")) {
                String[] parts = variable.split("/");
                assets.append("      - node: \"").append(plant.nodeId(machine, variable)).append("\"\n        sensor: ")
                        .append(parts[0]).append("\n        metric: ").append(parts[1]).append('\n');
            }
        }
        Files.writeString(config.resolve("assets.yaml"), assets);
        return config;
    }

    @AfterAll
    static void stopTopology() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (plant != null) {
            plant.close();
        }
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
    void whatTheGatewayPublishesDuringAnOutageReachesTheCloudExactlyOnceInOrder() throws Exception {
        try (Connection edge = topology.connectEdge(MUNICH);
                Connection local = topology.connectEdge(MUNICH);
                Connection cloud = topology.connectCloud("cloud-gateway")) {
            JetStreamManagement edgeStreams = edge.jetStreamManagement();
            JetStreamManagement cloudStreams = cloud.jetStreamManagement();
            await("the gateway's messages in the cloud").atMost(CATCH_UP_LIMIT)
                    .until(() -> count(cloudStreams, GATEWAY_SUBJECTS) > 0);

            topology.link(MUNICH).cut();
            topology.awaitLinkDown(MUNICH);
            Instant cut = Instant.now();
            long atEdgeAtCut = count(edgeStreams, GATEWAY_SUBJECTS);
            // a consumer at the site goes on receiving while the cloud is unreachable
            AtomicLong receivedLocally = new AtomicLong();
            local.createDispatcher(message -> receivedLocally.incrementAndGet()).subscribe(GATEWAY_SUBJECTS);
            awaitPublishedAtEdge(edgeStreams, atEdgeAtCut + OUTAGE_MESSAGES / 10);
            // counted once the outage is under way, so that nothing was still on its way to the cloud
            long inCloudAtCut = count(cloudStreams, GATEWAY_SUBJECTS);
            awaitPublishedAtEdge(edgeStreams, atEdgeAtCut + OUTAGE_MESSAGES);
            long published = count(edgeStreams, GATEWAY_SUBJECTS) - atEdgeAtCut;
            assertEquals(inCloudAtCut, count(cloudStreams, GATEWAY_SUBJECTS), "the cloud received nothing while cut");
            assertTrue(receivedLocally.get() > 0, "a consumer at the site received the gateway's messages");
            StreamInfo buffer = edgeStreams.getStreamInfo("TELEMETRY");

            Instant restored = Instant.now();
            long receivedDuringOutage = receivedLocally.get();
            long backlog = count(edgeStreams, GATEWAY_SUBJECTS);
            topology.link(MUNICH).restore();
            await("catch-up").atMost(CATCH_UP_LIMIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> count(cloudStreams, GATEWAY_SUBJECTS) >= backlog);
            Instant caughtUp = Instant.now();

            // the gateway goes on publishing: compare the first n messages of both streams, which both hold
            long n = count(edgeStreams, GATEWAY_SUBJECTS);
            await("the cloud holding the edge's first " + n).atMost(CATCH_UP_LIMIT)
                    .until(() -> count(cloudStreams, GATEWAY_SUBJECTS) >= n);
            List<String> atEdge = ids(readFirst(edge, GATEWAY_SUBJECTS, n));
            List<Message> inCloud = readFirst(cloud, GATEWAY_SUBJECTS, n);
            assertSameSequence(atEdge, ids(inCloud));
            assertExactlyOnceInPerSubjectOrder(inCloud);
            LOG.info("store-and-forward: the gateway published {} messages at the edge during an outage of {} ms "
                    + "(a consumer at the site received {}); the cloud held all {} the edge had then ({} behind at "
                    + "the restore; exactly once, in per-subject order) {} ms after the link was restored; the edge "
                    + "stores {} bytes per message", published, Duration.between(cut, restored).toMillis(),
                    receivedDuringOutage, backlog, backlog - inCloudAtCut,
                    Duration.between(restored, caughtUp).toMillis(),
                    buffer.getStreamState().getByteCount() / buffer.getStreamState().getMsgCount());
        }
    }

    @Test
    void aMachineConfigChangeMadeWhileASiteIsOfflineIsAppliedByItsGatewayAfterItReconnects() throws Exception {
        String subject = "acme.munich.hall-g.line-1.cnc-003.spindle.vibration_rms";
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        try (Connection operator = topology.connectCloud("operator");
                Connection munich = topology.connectEdge(MUNICH);
                Connection berlin = topology.connectEdge(BERLIN)) {
            munich.createDispatcher(message -> received.add(json(message))).subscribe(subject);
            KeyValue master = operator.keyValue("MACHINE_CONFIG");
            String shift = "night-" + System.nanoTime();

            topology.link(MUNICH).cut();
            topology.awaitLinkDown(MUNICH);
            long revision = master.put("cnc-003", "{\"attributes\": {\"shift\": \"" + shift + "\"}}");
            await("change at berlin, which is online").atMost(CATCH_UP_LIMIT)
                    .until(() -> value(berlin.keyValue("MACHINE_CONFIG"), "cnc-003"), v -> v.contains(shift));
            int seen = received.size();
            await("readings while offline").atMost(Duration.ofSeconds(30)).until(() -> received.size() > seen + 5);
            assertTrue(received.stream().noneMatch(r -> shift.equals(r.path("attributes").path("shift").asText())),
                    "munich's gateway cannot have the change while the site is offline");

            Instant restored = Instant.now();
            topology.link(MUNICH).restore();
            await("change applied by munich's gateway").atMost(CATCH_UP_LIMIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> received.stream()
                            .anyMatch(r -> shift.equals(r.path("attributes").path("shift").asText())));
            LOG.info("config sync: MACHINE_CONFIG revision {} made while munich was offline was applied by its "
                    + "gateway {} ms after the link came back", revision,
                    Duration.between(restored, Instant.now()).toMillis());
        }
    }

    @Test
    void aPermittedUsersCommandWritesTheMachinesVariableAcrossTheLeafLink() throws Exception {
        try (Connection operator = topology.connectCloud("operator"); OpcUaReader reader = new OpcUaReader()) {
            JsonNode reply = command(operator, "cnc-001", "{\"value\": 15000}");
            assertEquals("accepted", reply.path("status").asText(), reply.toString());
            assertEquals("opcua-write", reply.path("target").asText(), reply.toString());
            assertEquals(15000.0, reader.value(SETPOINT));
        }
    }

    @Test
    void aWriteTheMachineRefusesIsAnsweredWithItsStatusCode() throws Exception {
        try (Connection operator = topology.connectCloud("operator"); OpcUaReader reader = new OpcUaReader()) {
            Object before = reader.value(SETPOINT);
            JsonNode reply = command(operator, "cnc-001", "{\"value\": 99000}");
            assertEquals("rejected", reply.path("status").asText(), reply.toString());
            assertEquals("Bad_OutOfRange", reply.path("opcua_status").asText(), reply.toString());
            assertEquals(before, reader.value(SETPOINT));
        }
    }

    @Test
    void aCommandCallsTheMachinesMethod() throws Exception {
        String setpoint = "ns=2;s=cnc-002/command/speed_setpoint";
        try (Connection operator = topology.connectCloud("operator"); OpcUaReader reader = new OpcUaReader()) {
            reader.write(setpoint, 20000.0);
            JsonNode reply = command(operator, "cnc-002", "{}");
            assertEquals("accepted", reply.path("status").asText(), reply.toString());
            assertEquals("opcua-call", reply.path("target").asText(), reply.toString());
            assertEquals(12000.0, reader.value(setpoint), "reset returns the setpoint to its default");
        }
    }

    @Test
    void aCommandToAMachineWithoutTargetIsAnsweredWithTheReason() throws Exception {
        try (Connection operator = topology.connectCloud("operator")) {
            JsonNode reply = command(operator, "cnc-003", "{\"value\": 1}");
            assertEquals("rejected", reply.path("status").asText(), reply.toString());
            assertTrue(reply.path("error").asText().contains("takes no commands"), reply.toString());
        }
    }

    @Test
    void aUserWithoutThePermissionCannotCommandAMachine() throws Exception {
        String subject = "acme.munich.command.hall-g.line-1.cnc-001";
        List<String> errors = new CopyOnWriteArrayList<>();
        try (Connection viewer = connectCollectingErrors("viewer", errors); OpcUaReader reader = new OpcUaReader()) {
            Object before = reader.value(SETPOINT);
            CompletableFuture<Message> refused = viewer.request(subject,
                    "{\"value\": 1000}".getBytes(StandardCharsets.UTF_8));
            await("permission error").atMost(Duration.ofSeconds(10))
                    .until(() -> errors.stream().anyMatch(e -> e.contains("Permissions Violation for Publish")));
            assertThrows(refused);
            assertEquals(before, reader.value(SETPOINT), "the refused command did not reach the machine");
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

    private static void awaitPublishedAtEdge(JetStreamManagement edgeStreams, long messages) {
        await("the gateway publishing during the outage").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> count(edgeStreams, GATEWAY_SUBJECTS) >= messages);
    }

    /**
     * Sends a command to a machine of munich's hall-g and returns the gateway's reply; the first requests wait until
     * the gateway's subscription has crossed the leaf link.
     */
    private static JsonNode command(Connection requester, String machine, String body) {
        String subject = "acme.munich.command.hall-g.line-1." + machine;
        Message reply = await("reply of munich's gateway").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> requester.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10)),
                        r -> r != null && !r.isStatusMessage());
        return json(reply);
    }

    private static JsonNode json(Message message) {
        try {
            return JSON.readTree(message.getData());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the simulator of its own, to check what commands did to the machines. */
    private static final class OpcUaReader implements AutoCloseable {

        private final OpcUaClient client = OpcUaTestClients.connect(plant.endpointUrl(), new AnonymousProvider());

        OpcUaReader() throws UaException {
        }

        Object value(String node) throws UaException {
            return client.readValue(0.0, TimestampsToReturn.Neither, NodeId.parse(node)).getValue().getValue();
        }

        void write(String node, double value) throws UaException {
            StatusCode status = client.writeValues(List.of(NodeId.parse(node)),
                    List.of(DataValue.valueOnly(new Variant(value)))).get(0);
            assertTrue(status.isGood(), status.toString());
        }

        @Override
        public void close() throws UaException {
            client.disconnect();
        }
    }

    private static long count(JetStreamManagement streams, String filter) throws Exception {
        StreamInfo info = streams.getStreamInfo("TELEMETRY", StreamInfoOptions.filterSubjects(filter));
        return info.getStreamState().getSubjects() == null
                ? 0
                : info.getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    private static List<Message> readAll(Connection connection, String filter, int expected) throws Exception {
        List<Message> messages = readFirst(connection, filter, expected);
        // and any more there should not be
        JetStreamSubscription rest = subscribe(connection, filter, DeliverPolicy.ByStartSequence,
                messages.isEmpty() ? 1 : messages.get(messages.size() - 1).metaData().streamSequence() + 1);
        messages.addAll(rest.fetch(10, Duration.ofMillis(500)));
        rest.unsubscribe();
        return messages;
    }

    /** The first {@code count} messages of the TELEMETRY stream under {@code filter} (fewer if it holds fewer). */
    private static List<Message> readFirst(Connection connection, String filter, long count) throws Exception {
        JetStreamSubscription subscription = subscribe(connection, filter, DeliverPolicy.All, 0);
        List<Message> messages = new ArrayList<>();
        while (messages.size() < count) {
            List<Message> batch = subscription.fetch((int) Math.min(500, count - messages.size()),
                    Duration.ofSeconds(2));
            if (batch.isEmpty()) {
                break;
            }
            messages.addAll(batch);
        }
        subscription.unsubscribe();
        return messages;
    }

    private static JetStreamSubscription subscribe(Connection connection, String filter, DeliverPolicy policy,
            long startSequence) throws Exception {
        // only reading: no acknowledgements, so no limit of unacknowledged messages either
        ConsumerConfiguration.Builder consumer = ConsumerConfiguration.builder().deliverPolicy(policy)
                .ackPolicy(AckPolicy.None).filterSubject(filter);
        if (policy == DeliverPolicy.ByStartSequence) {
            consumer.startSequence(startSequence);
        }
        return connection.jetStream().subscribe(filter,
                PullSubscribeOptions.builder().stream("TELEMETRY").configuration(consumer.build()).build());
    }

    /** The cloud holds what the gateway stored at the edge, in its order; says where they part if not. */
    private static void assertSameSequence(List<String> atEdge, List<String> inCloud) {
        int i = 0;
        while (i < atEdge.size() && i < inCloud.size() && atEdge.get(i).equals(inCloud.get(i))) {
            i++;
        }
        if (i < atEdge.size() || i < inCloud.size()) {
            Set<String> missing = new HashSet<>(atEdge);
            missing.removeAll(inCloud);
            Set<String> extra = new HashSet<>(inCloud);
            extra.removeAll(atEdge);
            fail("the cloud's " + inCloud.size() + " messages part from the edge's " + atEdge.size() + " at " + i
                    + " (edge " + atEdge.subList(i, Math.min(i + 3, atEdge.size())) + ", cloud "
                    + inCloud.subList(i, Math.min(i + 3, inCloud.size())) + "); " + missing.size()
                    + " missing in the cloud, " + extra.size() + " in the cloud only");
        }
    }

    private static List<String> ids(List<Message> messages) {
        return messages.stream().map(m -> m.getHeaders().getFirst("Nats-Msg-Id")).toList();
    }

    /**
     * No message twice, and each subject's source timestamps never falling. (Equal is in order: the JSON has
     * milliseconds, and a simulator that catches up on late ticks samples twice within one.)
     */
    private static void assertExactlyOnceInPerSubjectOrder(List<Message> messages) {
        Set<String> ids = new HashSet<>();
        Map<String, Instant> last = new HashMap<>();
        for (Message message : messages) {
            assertTrue(ids.add(message.getHeaders().getFirst("Nats-Msg-Id")), "duplicate " + message.getSubject());
            Instant timestamp = Instant.parse(json(message).path("timestamp").asText());
            Instant previous = last.put(message.getSubject(), timestamp);
            assertTrue(previous == null || !timestamp.isBefore(previous),
                    message.getSubject() + ": " + timestamp + " after " + previous);
        }
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
