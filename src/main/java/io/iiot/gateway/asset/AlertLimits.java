package io.iiot.gateway.asset;

import java.util.OptionalDouble;

/**
 * Alert thresholds of a numeric variable. A reading above {@code high} (or below {@code low}) raises an alert once;
 * the alert clears only when the value is back by more than {@code hysteresis}, so a value hovering at the
 * threshold does not raise one alert per sample.
 *
 * @param high upper threshold, if any
 * @param low lower threshold, if any
 * @param hysteresis how far back inside the limit a value must come to clear the alert, &gt;= 0
 */
public record AlertLimits(OptionalDouble high, OptionalDouble low, double hysteresis) {

    public AlertLimits {
        high = high == null ? OptionalDouble.empty() : high;
        low = low == null ? OptionalDouble.empty() : low;
        if (high.isEmpty() && low.isEmpty()) {
            throw new IllegalArgumentException("an alert needs high, low or both");
        }
        if (!Double.isFinite(hysteresis) || hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis must be a finite number >= 0, got " + hysteresis);
        }
        if (high.isPresent() && low.isPresent() && high.getAsDouble() <= low.getAsDouble()) {
            throw new IllegalArgumentException(
                    "high (" + high.getAsDouble() + ") must be greater than low (" + low.getAsDouble() + ")");
        }
    }
}
