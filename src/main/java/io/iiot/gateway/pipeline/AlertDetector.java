package io.iiot.gateway.pipeline;

import io.iiot.gateway.asset.AlertLimits;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.TelemetrySubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds readings that cross an alert threshold: one alert when a value rises above {@code high} (or falls below
 * {@code low}), none while it stays there, and the next only after it came back inside by more than the
 * hysteresis. Bad-quality and non-numeric readings neither raise nor clear an alert.
 */
public final class AlertDetector {

    private final MachineSettings settings;
    private final Map<String, Level> levels = new ConcurrentHashMap<>();

    /** @param settings where each variable's thresholds come from */
    public AlertDetector(MachineSettings settings) {
        this.settings = settings;
    }

    /** Sets the alerts the batch's readings raise ({@link #crossing}), in reading order. */
    public void detect(Readings readings) {
        List<Alert> alerts = new ArrayList<>(0);
        for (Telemetry telemetry : readings.telemetry()) {
            Alert alert = crossing(telemetry);
            if (alert != null) {
                alerts.add(alert);
            }
        }
        readings.alerts(alerts);
    }

    /** The alert this reading raises, or null when it raises none. */
    public Alert crossing(Telemetry telemetry) {
        TelemetryMessage message = telemetry.message();
        if (message.quality() == Quality.BAD || !(message.value() instanceof Number number)) {
            return null;
        }
        AlertLimits limits = settings.alert(message).orElse(null);
        if (limits == null) {
            return null;
        }
        double value = number.doubleValue();
        Alert[] raised = {null};
        levels.compute(telemetry.subject().toString(), (key, level) -> {
            Level now = cleared(level == null ? Level.NORMAL : level, limits, value);
            if (now != Level.HIGH && limits.high().isPresent() && value > limits.high().getAsDouble()) {
                raised[0] = alert(telemetry, "high", limits.high().getAsDouble(), limits.hysteresis(), value);
                return Level.HIGH;
            }
            if (now != Level.LOW && limits.low().isPresent() && value < limits.low().getAsDouble()) {
                raised[0] = alert(telemetry, "low", limits.low().getAsDouble(), limits.hysteresis(), value);
                return Level.LOW;
            }
            return now;
        });
        return raised[0];
    }

    private static Level cleared(Level level, AlertLimits limits, double value) {
        if (level == Level.HIGH && (limits.high().isEmpty()
                || value < limits.high().getAsDouble() - limits.hysteresis())) {
            return Level.NORMAL;
        }
        if (level == Level.LOW && (limits.low().isEmpty()
                || value > limits.low().getAsDouble() + limits.hysteresis())) {
            return Level.NORMAL;
        }
        return level;
    }

    private static Alert alert(Telemetry telemetry, String direction, double threshold, double hysteresis,
            double value) {
        TelemetrySubject s = telemetry.subject();
        TelemetryMessage m = telemetry.message();
        return new Alert(s.org() + "." + s.site() + ".alert." + s.area() + "." + s.line() + "." + s.machine(),
                telemetry.messageId() + "-" + direction, m.machineId().toString(), m.sensor().toString(),
                m.metricPath(), direction, threshold,
                hysteresis, value, m.unit(), m.timestamp(), m.source());
    }

    private enum Level {
        NORMAL, HIGH, LOW
    }
}
