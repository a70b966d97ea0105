package io.iiot.gateway;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.bench.BenchCommand;
import io.iiot.gateway.command.CommandConfiguration;
import io.iiot.gateway.jetstream.JetStreamProvisioner;
import io.iiot.gateway.mqtt.MqttConfiguration;
import io.iiot.gateway.mqtt.MqttIngestModel;
import io.iiot.gateway.opcua.DiscoverCommand;
import io.iiot.gateway.pipeline.PipelineConfiguration;
import io.iiot.gateway.simulator.SimulateCommand;
import io.nats.client.Connection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The command line: runs the gateway, or one of its sub-commands.
 *
 * <pre>
 * java -jar iiot-nats-gateway.jar [--config DIR]     run the gateway (default ./config)
 * java -jar iiot-nats-gateway.jar simulate [...]     run the OPC-UA plant simulator
 * java -jar iiot-nats-gateway.jar --help             list the commands
 * </pre>
 *
 * A bad argument or configuration exits with status 2 and one line on standard error, never a stack trace.
 */
public final class TelemetryApplication {

    static final String USAGE = """
            usage: java -jar iiot-nats-gateway.jar [--config DIR]
                   java -jar iiot-nats-gateway.jar <command> [options]

            Runs the gateway with the configuration in DIR (default ./config): application.properties,
            assets.yaml and jetstream/*.json. Every property can be overridden from the environment
            (nats.servers -> NATS_SERVERS).

            commands:
              simulate   run the OPC-UA plant simulator (and optionally publish the plant over MQTT 5);
                         'simulate --help' lists its options
              discover   browse an OPC-UA server and print an assets.yaml for it: 'discover --help'
              --help     show this text
            """;

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryApplication.class);

    private TelemetryApplication() {
    }

    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && !args[0].startsWith("-")) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            return switch (args[0]) {
                case "simulate" -> SimulateCommand.run(rest);
                case "discover" -> new CommandLine(new DiscoverCommand()).execute(rest);
                case "bench" -> new CommandLine(new BenchCommand()).execute(rest);
                case "help" -> usage(out);
                default -> fail(err, "unknown command '" + args[0] + "' (see --help)");
            };
        }
        Path configDir = Path.of("config");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return usage(out);
                }
                case "--config" -> {
                    if (i + 1 == args.length) {
                        return fail(err, "--config needs a directory");
                    }
                    configDir = Path.of(args[++i]);
                }
                default -> {
                    return fail(err, "unknown argument '" + args[i] + "' (see --help)");
                }
            }
        }
        return runGateway(configDir, err);
    }

    /**
     * Everything that can fail on configuration happens before Camel starts, so that it ends in one line: the
     * settings, the asset model, the first NATS connect and JetStream provisioning. Camel itself then loads the
     * route and kamelet files; a file it cannot load also ends in one line.
     */
    private static int runGateway(Path configDir, PrintStream err) throws Exception {
        GatewaySettings settings;
        AssetModel assets;
        Connection nats;
        try {
            settings = GatewaySettings.load(configDir, System.getenv());
            assets = AssetModel.load(settings.configDir().resolve("assets.yaml"));
            nats = settings.natsConnector().connect("iiot-nats-gateway-" + settings.get("gateway.site"));
        } catch (ConfigException | IllegalStateException e) {
            return fail(err, e.getMessage());
        }
        try (nats) {
            new JetStreamProvisioner(nats.jetStreamManagement(), settings::resolve)
                    .provision(settings.configDir().resolve("jetstream"));
            Main main = new Main();
            main.bind("natsConnection", nats);
            main.bind("assetModel", assets);
            main.bind("mqttIngestModel", MqttIngestModel.load(settings.configDir().resolve("assets.yaml")));
            main.configure().addConfiguration(GatewayConfiguration.class);
            main.configure().addConfiguration(MqttConfiguration.class);
            main.configure().addConfiguration(CommandConfiguration.class);
            main.configure().addConfiguration(PipelineConfiguration.class);
            main.setPropertyPlaceholderLocations("classpath:application.properties,file:"
                    + settings.configDir().resolve("application.properties"));
            main.addOverrideProperty("camel.main.routesIncludePattern",
                    "file:" + settings.path("gateway.routes-dir") + "/**/*.camel.yaml");
            main.addOverrideProperty("camel.component.kamelet.location",
                    "file:" + settings.path("gateway.kamelets-dir") + ",classpath:kamelets");
            main.run();
            return main.getExitCode();
        } catch (ConfigException e) {
            return fail(err, e.getMessage());
        } catch (Exception e) {
            // a route or kamelet file Camel cannot load: its message names the file, line and column
            LOG.debug("Camel did not start", e);
            return fail(err, "cannot start: " + firstTwoLines(e.getMessage()));
        }
    }

    /** Camel's YAML errors put the problem on line one and the file and position on line two. */
    private static String firstTwoLines(String message) {
        if (message == null) {
            return "(no message)";
        }
        return String.join(" ", message.lines().map(String::strip).limit(2).toList()).replaceAll(":$", "");
    }

    private static int usage(PrintStream out) {
        out.print(USAGE);
        return 0;
    }

    private static int fail(PrintStream err, String line) {
        err.println("iiot-nats-gateway: " + line);
        return 2;
    }
}
