package io.iiot.gateway.pipeline;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.TelemetrySubject;
import io.iiot.gateway.namespace.Token;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A small plant and readings of it, for the pipeline's unit tests. */
final class PipelineFixtures {

    static final String PLANT = """
            machines:
              - id: cnc-001
                area: hall-a
                line: line-1
                attributes: {vendor: "DMG Mori"}
                variables:
                  - sensor: spindle
                    metric: vibration.rms
                    unit: mm/s
                    deadband: {absolute: 0.5}
                    alert: {high: 8.0, low: 1.0, hysteresis: 0.5}
                  - sensor: machine
                    metric: state
                    operational-state: true
            """;

    private static long sequence;

    private PipelineFixtures() {
    }

    static MachineSettings settings(Path dir) throws IOException {
        return new MachineSettings(AssetModel.load(Files.writeString(dir.resolve("assets.yaml"), PLANT)));
    }

    static Telemetry vibration(Object value) {
        return reading("spindle", "vibration.rms", value, Quality.GOOD);
    }

    static Telemetry reading(String sensor, String metric, Object value, Quality quality) {
        Instant time = Instant.parse("2026-02-15T10:00:00Z").plusMillis(sequence++);
        TelemetrySubject subject = new TelemetrySubject(Token.parse("acme"), Token.parse("munich"),
                Token.parse("hall-a"), Token.parse("line-1"), Token.parse("cnc-001"), Token.parse(sensor),
                TelemetrySubject.parseMetric(metric));
        return new Telemetry(subject, new TelemetryMessage(value, "", time, quality, Token.parse("cnc-001"),
                Token.parse(sensor), TelemetrySubject.parseMetric(metric),
                "test:x|" + sensor, Map.of()), MessageId.of("test:x", sensor, time));
    }
}
