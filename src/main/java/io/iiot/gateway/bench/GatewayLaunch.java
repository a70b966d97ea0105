package io.iiot.gateway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a benchmark starts the gateway jar: as the README tells users to, {@code java @config/jvm.options -jar JAR
 * --config DIR}, with the JVM options the project ships ({@code jvm.options} of the configuration directory, a Java
 * argument file). Without that file the JVM's defaults apply, and {@link #describe()} says so.
 *
 * @param jvmOptions the argument file, when there is one
 */
record GatewayLaunch(Optional<Path> jvmOptions) {

    /** The file name of the JVM options in a configuration directory. */
    static final String FILE = "jvm.options";

    /** The launch with {@code configDir/jvm.options}, or with the JVM's defaults when it has none. */
    static GatewayLaunch from(Path configDir) {
        Path file = configDir.resolve(FILE);
        return new GatewayLaunch(Files.isRegularFile(file) ? Optional.of(file.toAbsolutePath()) : Optional.empty());
    }

    /** {@code java [@jvm.options] -jar jar --config gatewayConfig}, with this JVM's {@code java}. */
    List<String> command(Path jar, Path gatewayConfig) {
        List<String> command = new ArrayList<>();
        command.add(java());
        jvmOptions.ifPresent(file -> command.add("@" + file));
        command.addAll(List.of("-jar", jar.toString(), "--config", gatewayConfig.toString()));
        return command;
    }

    /** The {@code java} of the running JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The options as one line for a report (comments left out), e.g. {@code -XX:+UseSerialGC -Xmx128m}. */
    String describe() {
        if (jvmOptions.isEmpty()) {
            return "JVM defaults (no " + FILE + ")";
        }
        try {
            return Files.readAllLines(jvmOptions.get()).stream().map(line -> line.replaceAll("#.*", "").strip())
                    .filter(line -> !line.isEmpty()).collect(Collectors.joining(" "));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
