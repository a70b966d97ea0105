package io.iiot.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NatsServerIT {

    @RegisterExtension
    static final NatsServerExtension NATS = new NatsServerExtension();

    @Test
    void createsAJetStreamStream() throws Exception {
        try (Connection nats = Nats.connect(NATS.url())) {
            createStream(nats.jetStreamManagement(), "CREATED", "created.>");

            StreamInfo info = nats.jetStreamManagement().getStreamInfo("CREATED");

            assertEquals(List.of("created.>"), info.getConfiguration().getSubjects());
        }
    }

    @Test
    void storesAMessagePublishedTwiceWithTheSameMsgIdOnce() throws Exception {
        try (Connection nats = Nats.connect(NATS.url())) {
            createStream(nats.jetStreamManagement(), "DEDUP", "dedup.>");
            PublishOptions sameId = PublishOptions.builder().messageId("reading-1").build();

            PublishAck first = nats.jetStream().publish("dedup.line1", payload("21.5"), sameId);
            PublishAck second = nats.jetStream().publish("dedup.line1", payload("21.5"), sameId);

            assertFalse(first.isDuplicate());
            assertTrue(second.isDuplicate());
            assertEquals(1, messageCount(nats, "DEDUP"));
        }
    }

    @Test
    void keepsStoredMessagesWhenKilledAndStartedAgain() throws Exception {
        try (Connection nats = Nats.connect(NATS.url())) {
            createStream(nats.jetStreamManagement(), "DURABLE", "durable.>");
            nats.jetStream().publish("durable.line1", payload("7"));
        }

        NATS.server().kill();
        NATS.server().start();

        try (Connection nats = Nats.connect(NATS.url())) {
            assertEquals(1, messageCount(nats, "DURABLE"));
        }
    }

    private static void createStream(JetStreamManagement jsm, String name, String subject) throws Exception {
        jsm.addStream(StreamConfiguration.builder()
                .name(name)
                .subjects(subject)
                .storageType(StorageType.File)
                .duplicateWindow(Duration.ofMinutes(2))
                .build());
    }

    private static long messageCount(Connection nats, String stream) throws Exception {
        return nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
