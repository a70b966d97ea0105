package io.iiot.gateway;

import io.iiot.gateway.bench.BenchCommand;
import io.iiot.gateway.command.CommandConfiguration;
import io.iiot.gateway.drain.DrainConfiguration;
import io.iiot.gateway.drain.verify.VerifyCommand;
import io.iiot.gateway.mqtt.MqttConfiguration;
import io.iiot.gateway.opcua.DiscoverCommand;
import io.iiot.gateway.ops.OpsConfiguration;
import io.iiot.gateway.ops.console.ConsoleUserCommand;
import io.iiot.gateway.pipeline.PipelineConfiguration;
import io.iiot.gateway.simulator.SimulateCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: runs the gateway, or one of its sub-commands.
 *
 * <pre>
 * java -jar iiot-nats-gateway.jar [--config DIR]     run the gateway (default ./config)
 * java -jar iiot-nats-gateway.jar simulate [...]     run the OPC-UA plant simulator
 * java -jar iiot-nats-gateway.jar discover [...]     browse an OPC-UA server, print an assets.yaml for it
 * java -jar iiot-nats-gateway.jar bench opcua|mqtt   run a benchmark scenario
 * java -jar iiot-nats-gateway.jar --help             list the commands
 * </pre>
 *
 * <p>A bad argument or configuration exits with status 2 and one line on standard error, never a stack trace.
 * A sub-command is a picocli {@code @Command} implementing {@code Callable<Integer>}, listed in
 * {@code subcommands} below; it inherits {@code --help} and {@code --version}, and prints through
 * {@code spec.commandLine().getOut()} and {@code getErr()}, so tests can capture its output.
 */
@Command(name = GatewayMain.NAME, scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = GatewayMain.Version.class, sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs the gateway with the configuration in DIR: application.properties, assets.yaml and "
                + "jetstream/*.json. Every property can be overridden from the environment: upper-case, '.' and "
                + "'-' become '_' (nats.servers -> NATS_SERVERS).",
        subcommands = {SimulateCommand.class, DiscoverCommand.class, VerifyCommand.class, BenchCommand.class,
                ConsoleUserCommand.class,
                HelpCommand.class})
public final class GatewayMain implements Callable<Integer> {

    /** The program name in help and error lines. */
    public static final String NAME = "iiot-nats-gateway";

    /** Exit status for a bad argument or bad configuration. */
    public static final int BAD_INPUT = 2;

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "configuration directory (default: ${DEFAULT-VALUE})")
    private Path config;

    /**
     * The gateway's Camel configuration classes: each binds its package's beans and, if it implements
     * {@link ConfigCheck}, checks its package's keys before start. A package adds its own with one line here.
     */
    static List<CamelConfiguration> configurations() {
        return List.of(new OpsConfiguration(), new GatewayConfiguration(), new DrainConfiguration(),
                new MqttConfiguration(), new CommandConfiguration(), new PipelineConfiguration());
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line with the given output streams and environment (for options whose default is
     * {@code ${env:NAME}}).
     *
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        return commandLine(outWriter, errWriter, environment).execute(args);
    }

    /** The command line with every sub-command, printing to {@code out} and {@code err}. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new GatewayMain());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(environment));
        commandLine.setParameterExceptionHandler(GatewayMain::badArgument);
        commandLine.setExecutionExceptionHandler(GatewayMain::failed);
        return commandLine;
    }

    /**
     * Runs the gateway until the JVM is asked to stop. camel-main loads the properties once (the jar's defaults,
     * then {@code DIR/application.properties}, the environment overriding both); {@link GatewayStartup} checks
     * them and prepares what the routes need before Camel loads the routes.
     */
    @Override
    public Integer call() {
        Path dir = config.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, "", "configuration directory does not exist (--config)");
        }
        Path file = dir.resolve("application.properties");
        if (!Files.isReadable(file)) {
            throw new ConfigException(file, "", "is missing or not readable");
        }
        List<CamelConfiguration> configurations = configurations();
        Main main = new Main();
        main.setPropertyPlaceholderLocations(propertyLocations(dir));
        configurations.forEach(main.configure()::addConfiguration);
        List<ConfigCheck> checks = configurations.stream().filter(ConfigCheck.class::isInstance)
                .map(ConfigCheck.class::cast).toList();
        try (GatewayStartup startup = new GatewayStartup(dir, checks)) {
            main.addMainListener(startup);
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            // nothing runs: without this, camel-main's shutdown hook would wait for a context that never started
            main.completed();
            ConfigException problem = configProblem(e);
            if (problem != null) {
                throw problem;
            }
            // a route or kamelet file Camel cannot load: its message names the file, line and column
            LOG.debug("Camel did not start", e);
            spec.commandLine().getErr().println(NAME + ": cannot start: " + firstTwoLines(e.getMessage()));
            return BAD_INPUT;
        }
    }

    /**
     * Where camel-main reads properties from. Camel looks a key up in the first location that has it, so the site
     * file comes before the jar's defaults; an environment variable overrides both.
     */
    public static String propertyLocations(Path configDir) {
        return "file:" + configDir.resolve("application.properties") + ",classpath:application.properties";
    }

    private static ConfigException configProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException problem) {
                return problem;
            }
        }
        return null;
    }

    /** Camel's YAML errors put the problem on line one and the file and position on line two. */
    private static String firstTwoLines(String message) {
        if (message == null) {
            return "(no message)";
        }
        return String.join(" ", message.lines().map(String::strip).limit(2).toList()).replaceAll(":$", "");
    }

    /** One line naming the argument and the problem (with a suggestion for a mistyped name), exit status 2. */
    private static int badArgument(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println(command.getCommandName() + ": " + BadArgument.describe(e) + " (see "
                + command.getCommandSpec().qualifiedName() + " --help)");
        return BAD_INPUT;
    }

    /** A bad configuration found while running: one line, exit status 2; anything else: one line, status 1. */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        if (e instanceof ConfigException) {
            command.getErr().println(NAME + ": " + e.getMessage());
            return BAD_INPUT;
        }
        LOG.debug("{} failed", command.getCommandName(), e);
        command.getErr().println(command.getCommandName() + ": " + e);
        return 1;
    }

    /** {@code --version}: this build, its Camel and its Java. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = GatewayMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            return new String[]{NAME + " " + build.getProperty("version", "(unknown version)") + " (Apache Camel "
                    + build.getProperty("camel", "?") + ", Java " + Runtime.version() + ")"};
        }
    }

    /** Turns picocli's messages into the project's one-line form. */
    static final class BadArgument {
        private BadArgument() {
        }

        static String describe(ParameterException e) {
            if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
                String argument = unmatched.getUnmatched().get(0);
                boolean command = !argument.startsWith("-") && !e.getCommandLine().getSubcommands().isEmpty();
                List<String> suggestions = unmatched.getSuggestions().stream()
                        .filter(suggestion -> distance(argument, suggestion) <= Math.max(2, argument.length() / 4))
                        .toList();
                return "unknown " + (command ? "command" : argument.startsWith("-") ? "option" : "argument") + " '"
                        + argument + "'" + (suggestions.isEmpty()
                                ? ""
                                : "; did you mean " + String.join(" or ", suggestions) + "?");
            }
            if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                    && missing.getMissing().get(0).isOption()) {
                return ((CommandLine.Model.OptionSpec) missing.getMissing().get(0)).longestName() + ": missing value";
            }
            if (e instanceof CommandLine.OverwrittenOptionException overwritten
                    && overwritten.getOverwritten().isOption()) {
                return ((CommandLine.Model.OptionSpec) overwritten.getOverwritten()).longestName()
                        + ": given more than once";
            }
            return e.getMessage().lines().findFirst().orElse("");
        }

        /** Levenshtein distance: picocli suggests any name sharing a few letters, we only near misses. */
        static int distance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
                }
                int[] swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
