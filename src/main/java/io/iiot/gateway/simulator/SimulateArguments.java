package io.iiot.gateway.simulator;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed arguments of the {@code simulate} sub-command.
 *
 * @param simulator a builder holding every simulator option given
 * @param mqttUrl the MQTT broker to publish to, if any
 * @param help whether {@code --help} was given (the other arguments are then ignored)
 */
record SimulateArguments(PlantSimulator.Builder simulator, Optional<String> mqttUrl, boolean help) {

    /** The environment variable holding the password of {@code --user}. */
    static final String PASSWORD_VARIABLE = "SIMULATOR_PASSWORD";

    /**
     * Parses the words after {@code simulate}.
     *
     * @param args the arguments
     * @param environment the process environment, for {@value #PASSWORD_VARIABLE}
     * @throws IllegalArgumentException with a one-line message naming the offending argument
     */
    static SimulateArguments parse(List<String> args, Map<String, String> environment) {
        if (args.contains("--help") || args.contains("-h")) {
            return new SimulateArguments(PlantSimulator.builder(), Optional.empty(), true);
        }
        PlantSimulator.Builder builder = PlantSimulator.builder();
        String mqttUrl = null;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!seen.add(option)) {
                throw new IllegalArgumentException(option + ": given more than once");
            }
            String value = valueOf(args, i);
            switch (option) {
                case "--machines" -> apply(option, () -> builder.machines(integer(value)));
                case "--port" -> apply(option, () -> builder.port(integer(value)));
                case "--bind" -> apply(option, () -> builder.bindAddress(value));
                case "--interval-ms" ->
                    apply(option, () -> builder.updateInterval(Duration.ofMillis(integer(value))));
                case "--seed" -> apply(option, () -> builder.seed(longInteger(value)));
                case "--user" -> apply(option, () -> builder.user(value, password(environment)));
                case "--mqtt-url" -> {
                    apply(option, () -> PlantMqttPublisher.requireBrokerUrl(value));
                    mqttUrl = value;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + option + "'");
            }
        }
        return new SimulateArguments(builder, Optional.ofNullable(mqttUrl), false);
    }

    private static String valueOf(List<String> args, int optionIndex) {
        String option = args.get(optionIndex);
        if (!option.startsWith("--")) {
            throw new IllegalArgumentException("unknown argument '" + option + "'");
        }
        if (optionIndex + 1 >= args.size() || args.get(optionIndex + 1).startsWith("--")) {
            throw new IllegalArgumentException(option + ": missing value");
        }
        return args.get(optionIndex + 1);
    }

    /** Runs a setter, prefixing the message of a rejected value with the option name. */
    private static void apply(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not an integer", e);
        }
    }

    private static long longInteger(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not an integer", e);
        }
    }

    private static String password(Map<String, String> environment) {
        String password = environment.get(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(
                    "the password must be set in environment variable " + PASSWORD_VARIABLE);
        }
        return password;
    }
}
