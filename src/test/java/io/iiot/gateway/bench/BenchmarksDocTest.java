package io.iiot.gateway.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarksDocTest {

    @TempDir
    Path dir;

    @Test
    void rewritesOnlyTheScenariosOwnSection() throws Exception {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, "# Benchmarks\n\nHow to reproduce: make bench\n");
        BenchmarksDoc doc = new BenchmarksDoc(file);

        doc.write("mqtt", "## MQTT\nold");
        doc.write("opcua", "## OPC-UA\nfirst");
        doc.write("mqtt", "## MQTT\nnew");

        String text = Files.readString(file);
        assertTrue(text.startsWith("# Benchmarks\n\nHow to reproduce: make bench\n"), text);
        assertTrue(text.contains("## MQTT\nnew"), text);
        assertFalse(text.contains("old"), text);
        assertTrue(text.contains("## OPC-UA\nfirst"), text);
        assertTrue(text.indexOf("bench:mqtt:start") < text.indexOf("bench:opcua:start"), text);
    }

    @Test
    void resultJsonHasTheFixedFieldsAndTheRatio() {
        BenchResult result = new BenchResult("mqtt", 1000, 500, 1.5, 4.25, 0, 210.04, 1000, "nats-mqtt", 400.0,
                Map.of("payload_bytes", 1024));

        assertEquals("{\"scenario\":\"mqtt\",\"messages\":1000,\"per_s\":500.0,"
                + "\"p50_ms\":1.5,\"p99_ms\":4.25,\"lost\":0,\"rss_mib\":210.0,\"ceiling_per_s\":1000.0,"
                + "\"ratio\":0.5,\"peer\":\"nats-mqtt\",\"peer_per_s\":400.0,\"payload_bytes\":1024}",
                result.toJson());
    }

    @Test
    void barsAreScaledToTheLargestValue() {
        String chart = BenchmarksDoc.barChart(new String[]{"gateway", "ceiling"}, new double[]{50, 100}, "msg/s");

        assertEquals(List.of("gateway |" + "█".repeat(20) + " 50 msg/s", "ceiling |" + "█".repeat(40) + " 100 msg/s"),
                chart.lines().toList());
    }
}
