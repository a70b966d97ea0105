package io.iiot.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One configuration mechanism: every documented key has the same value set in {@code <config>/application.properties}
 * as set in the environment (which wins over the file), and a bad value ends in one line and exit status 2 either
 * way. A case with environment variables runs a child JVM: only a new process can have another environment.
 */
class ConfigurationSourcesTest {

    @TempDir
    Path dir;

    /** Every key the jar and the shipped site configuration document, and the secrets (environment only). */
    private static List<String> documentedKeys() throws IOException {
        TreeSet<String> keys = new TreeSet<>(GatewayConfiguration.SECRETS);
        keys.addAll(List.of("nats.user", "nats.credentials-file"));
        for (Path file : List.of(Path.of("src", "main", "resources", "application.properties"),
                Path.of("config", "application.properties"))) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            keys.addAll(properties.stringPropertyNames());
        }
        return List.copyOf(keys);
    }

    private record Run(int status, String out, String err) {
    }

    private static Run java(Map<String, String> environment, String mainClass, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // only the variables of this case: none of the keys may leak in from the build's own environment
        builder.environment().keySet().removeIf(name -> !name.equals("PATH") && !name.equals("HOME"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM did not end");
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private Run resolve(Map<String, String> environment, List<String> keys) throws Exception {
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(keys);
        return java(environment, PrintResolvedProperties.class.getName(), args);
    }

    private static String valueOf(String key) {
        return "value-of-" + key;
    }

    @Test
    void everyDocumentedKeyResolvesTheSameFromTheFileAndFromTheEnvironment() throws Exception {
        List<String> keys = documentedKeys();
        String expected = keys.stream().map(key -> key + "=" + valueOf(key) + "\n").collect(Collectors.joining());

        Files.writeString(dir.resolve("application.properties"),
                keys.stream().map(key -> key + " = " + valueOf(key) + "\n").collect(Collectors.joining()));
        Run fromFile = resolve(Map.of(), keys);
        assertEquals(expected, fromFile.out(), fromFile.err());

        // the file now says something else for every key: the environment wins over it
        Files.writeString(dir.resolve("application.properties"),
                keys.stream().map(key -> key + " = from-the-file\n").collect(Collectors.joining()));
        Run fromEnvironment = resolve(keys.stream().collect(Collectors.toMap(ResolvedProperties::environmentName,
                ConfigurationSourcesTest::valueOf)), keys);
        assertEquals(expected, fromEnvironment.out(), fromEnvironment.err());
    }

    @Test
    void aBadValueInTheEnvironmentEndsInOneLineNamingTheVariable() throws Exception {
        Files.writeString(dir.resolve("application.properties"), "");
        Files.copy(Path.of("config", "assets.yaml"), dir.resolve("assets.yaml"));
        Run run = java(Map.of("GATEWAY_ROLE", "fog"), GatewayMain.class.getName(), List.of("--config", dir.toString()));
        assertEquals(2, run.status(), run.err());
        assertEquals("iiot-nats-gateway: environment variable GATEWAY_ROLE: gateway.role: 'fog' is not one of "
                + "edge, cloud, all\n", run.err());
    }

    @Test
    void aBadValueInTheFileEndsInOneLineNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("application.properties"), "gateway.role = fog\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GatewayMain.run(new String[]{"--config", dir.toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertEquals(2, status);
        assertEquals("iiot-nats-gateway: " + file + ": gateway.role: 'fog' is not one of edge, cloud, all\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
