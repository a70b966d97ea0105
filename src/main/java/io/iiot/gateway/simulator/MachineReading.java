package io.iiot.gateway.simulator;

import java.util.Objects;

/**
 * The values of one machine's variables at one instant.
 *
 * @param machine machine name, e.g. {@code cnc-001}
 * @param vibrationRms spindle vibration RMS in mm/s
 * @param motorCurrent motor current in A
 * @param coolantTemperature coolant temperature in °C
 * @param state operational state
 */
public record MachineReading(
        String machine,
        double vibrationRms,
        double motorCurrent,
        double coolantTemperature,
        OperationalState state) {

    /** Validates that the machine and state are present and the numbers are finite. */
    public MachineReading {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(state, "state");
        requireFinite("vibrationRms", vibrationRms);
        requireFinite("motorCurrent", motorCurrent);
        requireFinite("coolantTemperature", coolantTemperature);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got " + value);
        }
    }

    /**
     * The value of one variable as it is served over OPC-UA: a {@code Double} for the numeric
     * variables, the state's name for {@link PlantVariable#OPERATIONAL_STATE}.
     */
    public Object value(PlantVariable variable) {
        return switch (variable) {
            case SPINDLE_VIBRATION_RMS -> vibrationRms;
            case MOTOR_CURRENT -> motorCurrent;
            case COOLANT_TEMPERATURE -> coolantTemperature;
            case OPERATIONAL_STATE -> state.name();
        };
    }
}
