package io.iiot.gateway.simulator;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The variables every simulated machine exposes.
 *
 * <p>Each variable has a {@linkplain #path() path} of the form {@code sensor/metric}, the variable's
 * part of the OPC-UA string node id ({@code <machine>/<path>}), and a {@linkplain #topicPath() topic
 * path}, its part of the MQTT topic ({@code plant/<machine>/<topic path>}): the sensor and the
 * tokens of the metric as the demo's asset model names them, one topic level each ({@code
 * vibration.rms} is {@code vibration/rms}), so both sources of the demo publish to the same subject.
 * Paths use only lower-case letters, digits, {@code _} and {@code /}, so that replacing {@code /}
 * with {@code .} yields valid NATS subject tokens.
 */
public enum PlantVariable {
    /** Spindle vibration RMS velocity, {@code Double}, mm/s. */
    SPINDLE_VIBRATION_RMS("spindle/vibration_rms", "spindle/vibration/rms", "SpindleVibrationRms", "mm/s", "C16"),
    /** Spindle motor current, {@code Double}, A. */
    MOTOR_CURRENT("motor/current", "motor/current", "MotorCurrent", "A", "AMP"),
    /** Coolant temperature, {@code Double}, °C. */
    COOLANT_TEMPERATURE("coolant/temperature", "coolant/temperature", "CoolantTemperature", "°C", "CEL"),
    /** Operational state, {@code String}: the name of an {@link OperationalState}. */
    OPERATIONAL_STATE("machine/state", "machine/state", "OperationalState", null, null);

    private final String path;
    private final String topicPath;
    private final String browseName;
    private final String unit;
    private final String uneceCode;

    PlantVariable(String path, String topicPath, String browseName, String unit, String uneceCode) {
        this.path = path;
        this.topicPath = topicPath;
        this.browseName = browseName;
        this.unit = unit;
        this.uneceCode = uneceCode;
    }

    /**
     * Looks a variable up by its path.
     *
     * @param path a path such as {@code "spindle/vibration_rms"}
     * @return the variable with that path
     * @throws IllegalArgumentException if no variable has that path
     */
    public static PlantVariable fromPath(String path) {
        return Arrays.stream(values())
                .filter(variable -> variable.path.equals(path))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException(
                                "unknown variable '" + path + "', expected one of " + paths()));
    }

    private static String paths() {
        return Arrays.stream(values()).map(PlantVariable::path).collect(Collectors.joining(", "));
    }

    /** The {@code sensor/metric} path, e.g. {@code spindle/vibration_rms}. */
    public String path() {
        return path;
    }

    /** The variable's part of the MQTT topic, e.g. {@code spindle/vibration/rms}. */
    public String topicPath() {
        return topicPath;
    }

    /** The OPC-UA browse and display name, e.g. {@code SpindleVibrationRms}. */
    public String browseName() {
        return browseName;
    }

    /** The engineering unit of a numeric variable, empty for the operational state. */
    public Optional<String> unit() {
        return Optional.ofNullable(unit);
    }

    /** Whether the variable holds a {@code Double} (otherwise it holds a {@code String}). */
    public boolean isNumeric() {
        return unit != null;
    }

    /** The UN/CEFACT common code of the unit (OPC-UA EUInformation), null for the state. */
    String uneceCode() {
        return uneceCode;
    }
}
