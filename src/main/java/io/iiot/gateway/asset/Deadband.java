package io.iiot.gateway.asset;

/**
 * How far a numeric value must move from the last one published before it is published again.
 *
 * @param width the absolute width: the configured {@code absolute}, or {@code percent} of {@code max - min}
 * @param description how it was configured, for messages, e.g. {@code absolute 0.05} or {@code 2.0% of [0, 20]}
 */
public record Deadband(double width, String description) {

    public Deadband {
        if (!Double.isFinite(width) || width < 0) {
            throw new IllegalArgumentException("deadband must be a finite number >= 0, got " + width);
        }
    }

    /** A deadband of a fixed width in the variable's unit. */
    public static Deadband absolute(double width) {
        return new Deadband(width, "absolute " + width);
    }

    /**
     * A deadband of a percentage of the variable's range, as OPC-UA's percent deadband.
     *
     * @throws IllegalArgumentException when the percentage is outside 0..100 or the range is empty
     */
    public static Deadband percent(double percent, double min, double max) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be between 0 and 100, got " + percent);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("max must be greater than min, got [" + min + ", " + max + "]");
        }
        return new Deadband(percent / 100.0 * (max - min), percent + "% of [" + min + ", " + max + "]");
    }

    /** True when {@code current} moved more than the width away from {@code last}. */
    public boolean exceeded(double last, double current) {
        return Math.abs(current - last) > width;
    }
}
