package io.iiot.gateway.pipeline;

import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops a numeric reading that moved no more than its variable's deadband from the last reading let through. Only
 * numeric readings of good or uncertain quality are ever dropped: a bad-quality reading always goes on (with quality
 * {@code bad}), and the next good one is let through whatever its value, so a recovery is never hidden.
 */
public final class DeadbandFilter {

    private final MachineSettings settings;
    private final Map<String, Double> lastPassed = new ConcurrentHashMap<>();

    /** @param settings where each variable's deadband comes from */
    public DeadbandFilter(MachineSettings settings) {
        this.settings = settings;
    }

    /** Keeps the readings of the batch that are not {@link #withinDeadband within their deadband}. */
    public void filter(Readings readings) {
        List<Telemetry> passed = new ArrayList<>(readings.telemetry().size());
        for (Telemetry telemetry : readings.telemetry()) {
            if (!withinDeadband(telemetry)) {
                passed.add(telemetry);
            }
        }
        readings.telemetry(passed);
    }

    /** True when the reading is within the deadband and is not published; otherwise it is remembered. */
    public boolean withinDeadband(Telemetry telemetry) {
        TelemetryMessage message = telemetry.message();
        String key = telemetry.subject().toString();
        if (message.quality() == Quality.BAD || !(message.value() instanceof Number number)) {
            lastPassed.remove(key);
            return false;
        }
        double value = number.doubleValue();
        boolean[] within = {false};
        lastPassed.compute(key, (k, last) -> {
            within[0] = last != null && settings.deadband(message).map(d -> !d.exceeded(last, value)).orElse(false);
            return within[0] ? last : value;
        });
        return within[0];
    }
}
