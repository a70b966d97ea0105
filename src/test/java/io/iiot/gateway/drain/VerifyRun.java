package io.iiot.gateway.drain;

import io.iiot.gateway.drain.verify.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs {@code verify [--sink SINK]} over the day of the {@link TelemetryFeed}, with a configuration directory holding
 * the given properties, as a user would after an incident.
 *
 * @param status the exit status
 * @param report what it printed
 */
record VerifyRun(int status, String report) {

    static VerifyRun of(String sink, List<String> properties) throws Exception {
        Path config = Files.createTempDirectory("verify");
        Files.writeString(config.resolve("application.properties"), String.join("\n", properties) + "\n");
        VerifyCommand verify = new VerifyCommand();
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--since",
                TelemetryFeed.START.toString(), "--until", TelemetryFeed.START.plus(Duration.ofDays(1)).toString()));
        if (sink != null) {
            args.addAll(List.of("--sink", sink));
        }
        new CommandLine(verify).parseArgs(args.toArray(String[]::new));
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        int status = verify.run(new PrintStream(report, true, StandardCharsets.UTF_8), System.err);
        return new VerifyRun(status, report.toString(StandardCharsets.UTF_8));
    }
}
