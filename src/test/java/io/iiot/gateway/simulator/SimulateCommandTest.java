package io.iiot.gateway.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.iiot.gateway.GatewayMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code simulate}'s command line, through the gateway's entry point as users run it. */
class SimulateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--machines 0       | --machines: machines must be between 1 and 100000, got 0",
            "--machines many    | Invalid value for option '--machines': 'many' is not an int",
            "--port 0           | --port: port must be between 1 and 65535, got 0",
            "--port 70000       | --port: port must be between 1 and 65535, got 70000",
            "--interval-ms 5    | --interval-ms: updateInterval must be at least 10 ms, got 5 ms",
            "--seed x           | Invalid value for option '--seed': 'x' is not a long",
            "--mqtt-url http://h:1 | --mqtt-url: broker URL must look like tcp://host:port",
            "--port             | --port: missing value",
            "--port 1 --port 2  | --port: given more than once",
            "--colour red       | unknown option '--colour'",
            "--machine 4        | unknown option '--machine'; did you mean --machines?",
            "stray              | unknown argument 'stray'",
            "--user bob         | --user: the password must be set in environment variable SIMULATOR_PASSWORD"
    })
    void badArgumentPrintsOneLineNamingItAndReturnsTwo(String args, String expectedMessage) {
        int exitCode = simulate(Map.of(), args.trim().split("\\s+"));

        assertEquals(2, exitCode);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("simulate: " + expectedMessage), stderr);
        assertTrue(stderr.strip().endsWith("(see iiot-nats-gateway simulate --help)"), stderr);
    }

    @Test
    void helpIsGeneratedWithEveryOptionAndItsRange() {
        int exitCode = simulate(Map.of(), "--help");

        assertEquals(0, exitCode);
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: iiot-nats-gateway simulate "), help);
        for (String option : new String[]{"--machines=N", "1..100000 (default: 3)", "--port=P", "--bind=ADDR",
                "--interval-ms=MS", "--seed=N", "--user=NAME", "--password", "--mqtt-url=URL", "SIMULATOR_PASSWORD"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
    }

    @Test
    void thePasswordOfUserComesFromTheEnvironment() {
        CommandLine gateway = GatewayMain.commandLine(new PrintWriter(out), new PrintWriter(err),
                Map.of(SimulateCommand.PASSWORD_VARIABLE, "secret"));
        CommandLine simulate = gateway.parseArgs("simulate", "--user", "bob").subcommand().commandSpec()
                .commandLine();

        PlantSimulator.Builder configured = simulate.<SimulateCommand>getCommand().configured();

        assertEquals(Optional.of(new Credentials("bob", "secret")), configured.credentials());
    }

    private int simulate(Map<String, String> environment, String... args) {
        String[] words = new String[args.length + 1];
        words[0] = "simulate";
        System.arraycopy(args, 0, words, 1, args.length);
        return GatewayMain.run(words, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
    }
}
