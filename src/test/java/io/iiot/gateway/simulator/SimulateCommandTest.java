package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--machines 0       | --machines: machines must be between 1 and 100000, got 0",
            "--machines many    | --machines: 'many' is not an integer",
            "--port 0           | --port: port must be between 1 and 65535, got 0",
            "--port 70000       | --port: port must be between 1 and 65535, got 70000",
            "--interval-ms 5    | --interval-ms: updateInterval must be at least 10 ms, got 5 ms",
            "--seed x           | --seed: 'x' is not an integer",
            "--mqtt-url http://h:1 | --mqtt-url: broker URL must look like tcp://host:port",
            "--port             | --port: missing value",
            "--port 1 --port 2  | --port: given more than once",
            "--colour red       | unknown argument '--colour'",
            "stray              | unknown argument 'stray'",
            "--user bob         | --user: the password must be set in environment variable"
    })
    void badArgumentPrintsOneLineNamingItAndReturnsTwo(String args, String expectedMessage) {
        int exitCode = run(args.trim().split("\\s+"), Map.of());

        assertEquals(2, exitCode);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("simulate: " + expectedMessage), stderr);
    }

    @Test
    void helpPrintsUsageAndReturnsZero() {
        int exitCode = run(new String[]{"--help"}, Map.of());

        assertEquals(0, exitCode);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--machines N"));
    }

    @Test
    void userWithPasswordInEnvironmentIsAccepted() {
        SimulateArguments arguments = SimulateArguments.parse(List.of("--user", "bob"),
                Map.of("SIMULATOR_PASSWORD", "secret"));

        assertFalse(arguments.help());
    }

    private int run(String[] args, Map<String, String> environment) {
        return SimulateCommand.run(
                args,
                environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
