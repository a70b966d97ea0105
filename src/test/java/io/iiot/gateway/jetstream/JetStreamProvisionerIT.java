package io.iiot.gateway.jetstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.ConfigException;
import io.iiot.gateway.jetstream.JetStreamProvisioner.Action;
import io.iiot.gateway.jetstream.JetStreamProvisioner.Provisioned;
import io.iiot.gateway.testing.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.api.CompressionOption;
import io.nats.client.api.Mirror;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning the shipped {@code config/jetstream} files against a real nats-server (2.9 here, 2.10 in compose). */
class JetStreamProvisionerIT {

    @RegisterExtension
    final NatsServerExtension nats = new NatsServerExtension();

    @TempDir
    Path dir;

    private Connection connection;
    private JetStreamManagement management;
    private JetStreamProvisioner provisioner;

    @BeforeEach
    void connect() throws IOException, InterruptedException {
        connection = Nats.connect(nats.url());
        management = connection.jetStreamManagement();
        provisioner = new JetStreamProvisioner(management, text -> text.replace("{{gateway.org}}", "acme")
                .replace("{{gateway.site}}", "munich"));
        try (var files = Files.list(Path.of("config", "jetstream"))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    @AfterEach
    void close() throws InterruptedException {
        connection.close();
    }

    private static Provisioned result(List<Provisioned> results, String stream) {
        return results.stream().filter(r -> r.stream().equals(stream)).findFirst().orElseThrow();
    }

    @Test
    void createsEveryStreamOfTheShippedConfiguration() throws Exception {
        provisioner.provision(dir);
        assertEquals(List.of("ALERTS", "DEAD_LETTERS", "KV_MACHINE_CONFIG", "KV_MACHINE_STATE", "TELEMETRY"),
                management.getStreamNames().stream().sorted().toList());
    }

    @Test
    void telemetryKeepsTheSeedLimits() throws Exception {
        provisioner.provision(dir);
        var config = management.getStreamInfo("TELEMETRY").getConfiguration();
        assertEquals(Duration.ofDays(7), config.getMaxAge());
        assertEquals(10L * 1024 * 1024 * 1024, config.getMaxBytes());
        assertEquals(Duration.ofMinutes(2), config.getDuplicateWindow());
        // only this site's subjects: at an edge joined to the cloud, other sites' telemetry never lands here
        assertEquals(List.of("acme.munich.*.*.*.*.>"), config.getSubjects());
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        provisioner.provision(dir);
        List<Provisioned> second = provisioner.provision(dir);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(files.filter(f -> f.toString().endsWith(".json")).count(), second.size(), second.toString());
        }
        assertTrue(second.stream().allMatch(r -> r.action() == Action.UNCHANGED), second.toString());
    }

    @Test
    void aChangedSettingIsUpdated() throws Exception {
        provisioner.provision(dir);
        Path telemetry = dir.resolve("telemetry.json");
        Files.writeString(telemetry, Files.readString(telemetry).replace("604800000000000", "86400000000000"));
        assertEquals(Action.UPDATED, result(provisioner.provision(dir), "TELEMETRY").action());
        assertEquals(Duration.ofDays(1), management.getStreamInfo("TELEMETRY").getConfiguration().getMaxAge());
    }

    /**
     * nats-server 2.10 compresses streams; 2.9 accepts {@code "compression": "s2"} and creates the stream
     * uncompressed. Either way the result says what the server kept, never what the file asked for.
     */
    @Test
    void compressionIsReportedAsTheServerKeptIt() throws Exception {
        Provisioned telemetry = result(provisioner.provision(dir), "TELEMETRY");
        CompressionOption kept = management.getStreamInfo("TELEMETRY").getConfiguration().getCompressionOption();
        if (connection.getServerInfo().isSameOrNewerThanVersion("2.10.0")) {
            assertEquals(CompressionOption.S2, kept);
            assertEquals(List.of(), telemetry.ignored());
        } else {
            assertEquals(CompressionOption.None, kept);
            assertEquals(List.of("compression=\"s2\" (server has none)"), telemetry.ignored());
        }
    }

    @Test
    void theKvBucketKeepsFiveRevisionsPerKey() throws Exception {
        provisioner.provision(dir);
        KeyValue kv = connection.keyValue("MACHINE_CONFIG");
        for (int revision = 1; revision <= 7; revision++) {
            kv.put("cnc-001", "{\"revision\":" + revision + "}");
        }
        assertEquals(5, kv.history("cnc-001").size());
    }

    @Test
    void aMirrorMadeByTheTopologyIsKeptNotTurnedBackIntoALocalBucket() throws Exception {
        // at an edge the operator makes KV_MACHINE_CONFIG a mirror of the cloud's bucket (config/nats/)
        management.addStream(StreamConfiguration.builder().name("KV_MACHINE_CONFIG").storageType(StorageType.File)
                .mirror(Mirror.builder().name("KV_MACHINE_CONFIG").domain("cloud").build()).build());
        assertEquals(Action.KEPT, result(provisioner.provision(dir), "KV_MACHINE_CONFIG").action());
        StreamConfiguration kept = management.getStreamInfo("KV_MACHINE_CONFIG").getConfiguration();
        assertEquals("KV_MACHINE_CONFIG", kept.getMirror().getName());
        assertTrue(kept.getSubjects().isEmpty(), kept.getSubjects().toString());
    }

    @Test
    void anOverlappingStreamIsRefusedNamingItsFile() throws IOException {
        Path overlap = Files.writeString(dir.resolve("zz-overlap.json"),
                "{\"name\":\"OVERLAP\",\"subjects\":[\"acme.munich.>\"],\"storage\":\"memory\"}");
        ConfigException e = assertThrows(ConfigException.class, () -> provisioner.provision(dir));
        assertTrue(e.getMessage().startsWith(overlap + ": the NATS server refused stream 'OVERLAP'"), e.getMessage());
    }

    @Test
    void invalidJsonIsReportedInOneLine() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"X\",");
        ConfigException e = assertThrows(ConfigException.class, () -> provisioner.provision(dir));
        assertTrue(e.getMessage().startsWith(broken + ": is not valid JSON"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
