package io.iiot.gateway.simulator;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Stateful value model of one CNC machine, advanced one tick at a time.
 *
 * <p>Each value follows a bounded random walk that reverts towards a target depending on the
 * operational state and the machine's own baseline. Coolant temperature lags behind the motor
 * current. A running machine occasionally starts to wear: its vibration then rises tick after tick
 * until it crosses the alarm threshold and the machine goes to {@link OperationalState#ALARM},
 * then to {@link OperationalState#STOPPED} for maintenance, which removes the wear.
 *
 * <p>The model is deterministic for a given random generator seed. It is not thread-safe.
 */
final class MachineModel {

    static final double MAX_VIBRATION = 50.0;
    static final double MAX_CURRENT = 100.0;
    static final double MIN_TEMPERATURE = 0.0;
    static final double MAX_TEMPERATURE = 120.0;

    /** Vibration (relative to nominal) at which a worn machine trips into ALARM. */
    static final double ALARM_VIBRATION_FACTOR = 2.5;

    private static final double REVERSION = 0.3;
    private static final double TEMPERATURE_LAG = 0.05;
    private static final double DEGREES_PER_AMPERE = 1.2;
    private static final double WEAR_PER_TICK = 0.02;
    private static final double P_START_WEAR = 0.002;
    private static final double P_RUNNING_TO_IDLE = 0.01;
    private static final double P_IDLE_TO_RUNNING = 0.08;
    private static final double P_IDLE_TO_STOPPED = 0.01;
    private static final double P_STOPPED_TO_IDLE = 0.05;
    private static final double P_ALARM_TO_STOPPED = 0.1;

    private final String name;
    private final RandomGenerator random;
    private final double nominalVibration;
    private final double nominalCurrent;
    private final double ambientTemperature;
    private final Map<PlantVariable, Object> overrides = new EnumMap<>(PlantVariable.class);

    private OperationalState state = OperationalState.RUNNING;
    private double wear;
    private double vibration;
    private double current;
    private double temperature;

    /**
     * Creates a running machine at steady state with a baseline drawn from {@code random}.
     *
     * @param name machine name
     * @param random the machine's own random generator; it drives every later step
     */
    MachineModel(String name, RandomGenerator random) {
        this.name = name;
        this.random = random;
        this.nominalVibration = random.nextDouble(1.2, 2.8);
        this.nominalCurrent = random.nextDouble(8.0, 20.0);
        this.ambientTemperature = random.nextDouble(18.0, 24.0);
        this.vibration = nominalVibration;
        this.current = nominalCurrent;
        this.temperature = temperatureTarget();
    }

    /** Advances the model by one tick. */
    void step() {
        advanceState();
        vibration = walk(vibration, vibrationTarget(), 0.05 * nominalVibration, 0.0, MAX_VIBRATION);
        current = walk(current, currentTarget(), 0.02 * nominalCurrent, 0.0, MAX_CURRENT);
        temperature = clamp(
                temperature
                        + (temperatureTarget() - temperature) * TEMPERATURE_LAG
                        + 0.05 * random.nextGaussian(),
                MIN_TEMPERATURE,
                MAX_TEMPERATURE);
    }

    /**
     * Pins a variable to a value: from now on {@link #reading()} reports this value for it, while
     * the model keeps running underneath.
     *
     * @param value a {@link Number} for numeric variables; an {@link OperationalState} or its name
     *     for the operational state
     * @throws IllegalArgumentException if the value does not fit the variable
     */
    void override(PlantVariable variable, Object value) {
        overrides.put(variable, coerce(variable, value));
    }

    /** The current values, with overridden variables replaced by their pinned values. */
    MachineReading reading() {
        return new MachineReading(
                name,
                (double) overrides.getOrDefault(PlantVariable.SPINDLE_VIBRATION_RMS, vibration),
                (double) overrides.getOrDefault(PlantVariable.MOTOR_CURRENT, current),
                (double) overrides.getOrDefault(PlantVariable.COOLANT_TEMPERATURE, temperature),
                (OperationalState) overrides.getOrDefault(PlantVariable.OPERATIONAL_STATE, state));
    }

    private void advanceState() {
        double p = random.nextDouble();
        switch (state) {
            case RUNNING -> {
                if (wear > 0.0) {
                    wear += WEAR_PER_TICK;
                } else if (p < P_START_WEAR) {
                    wear = WEAR_PER_TICK;
                }
                if (vibration > ALARM_VIBRATION_FACTOR * nominalVibration) {
                    state = OperationalState.ALARM;
                } else if (wear == 0.0 && p > 1.0 - P_RUNNING_TO_IDLE) {
                    state = OperationalState.IDLE;
                }
            }
            case IDLE -> {
                if (p < P_IDLE_TO_RUNNING) {
                    state = OperationalState.RUNNING;
                } else if (p > 1.0 - P_IDLE_TO_STOPPED) {
                    state = OperationalState.STOPPED;
                }
            }
            case STOPPED -> {
                if (p < P_STOPPED_TO_IDLE) {
                    state = OperationalState.IDLE;
                }
            }
            case ALARM -> {
                if (p < P_ALARM_TO_STOPPED) {
                    state = OperationalState.STOPPED;
                    wear = 0.0;
                }
            }
        }
    }

    private double vibrationTarget() {
        return switch (state) {
            case RUNNING, ALARM -> nominalVibration * (1.0 + wear);
            case IDLE -> 0.3 * nominalVibration;
            case STOPPED -> 0.05;
        };
    }

    private double currentTarget() {
        return switch (state) {
            case RUNNING -> nominalCurrent * (1.0 + 0.3 * wear);
            case IDLE -> 0.3 * nominalCurrent;
            case STOPPED -> 0.2;
            case ALARM -> 0.1 * nominalCurrent;
        };
    }

    private double temperatureTarget() {
        return ambientTemperature + DEGREES_PER_AMPERE * current;
    }

    private double walk(double value, double target, double sigma, double min, double max) {
        return clamp(value + (target - value) * REVERSION + sigma * random.nextGaussian(), min, max);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Object coerce(PlantVariable variable, Object value) {
        if (variable.isNumeric()) {
            if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                return number.doubleValue();
            }
            throw new IllegalArgumentException(
                    variable.path() + " takes a finite number, got " + describe(value));
        }
        if (value instanceof OperationalState operationalState) {
            return operationalState;
        }
        try {
            return OperationalState.valueOf((String) value);
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    variable.path() + " takes one of RUNNING, IDLE, STOPPED, ALARM, got " + describe(value),
                    e);
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " '" + value + "'";
    }
}
