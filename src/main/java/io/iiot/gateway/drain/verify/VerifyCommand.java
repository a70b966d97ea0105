package io.iiot.gateway.drain.verify;

import io.iiot.gateway.ConfigException;
import io.iiot.gateway.GatewayMain;
import io.iiot.gateway.ResolvedProperties;
import io.iiot.gateway.drain.CassandraSettings;
import io.iiot.gateway.drain.GreenplumSettings;
import io.iiot.gateway.jetstream.NatsConnector;
import io.iiot.gateway.jetstream.NatsOptions;
import io.nats.client.Connection;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code verify --since T --until T [--sink cassandra|greenplum]}: after an incident, checks that each sink holds
 * every telemetry message the stream holds for a time window (source time), once. Exit status 0 when everything
 * matches, 1 when something is missing or duplicated, 2 for a bad argument or configuration.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, description = {
        "Compare the TELEMETRY stream with the sinks for a time window (source time, ISO-8601):",
        "per subject the count and a CRC32 checksum of message ids; differing subjects name their missing and",
        "duplicated ids. Exit 0 only when nothing is missing or duplicated."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "configuration directory (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--since", required = true, paramLabel = "T", converter = InstantConverter.class,
            description = "first source time included, e.g. 2026-03-01T08:00:00Z")
    Instant since;

    @Option(names = "--until", required = true, paramLabel = "T", converter = InstantConverter.class,
            description = "first source time excluded")
    Instant until;

    @Option(names = "--sink", paramLabel = "SINK",
            description = "cassandra or greenplum (default: every configured sink)")
    String sink;

    @Option(names = "--max-lag", paramLabel = "DURATION", defaultValue = "PT1H",
            description = "how late a message may have reached the stream (default: ${DEFAULT-VALUE})")
    Duration maxLag;

    @Option(names = "--show", paramLabel = "N", defaultValue = "20",
            description = "ids printed per list at most (default: ${DEFAULT-VALUE})")
    int show;

    @Override
    public Integer call() throws Exception {
        return run(System.out, System.err);
    }

    /** Runs with the options set, printing the report to {@code out} and problems to {@code err}. */
    public int run(PrintStream out, PrintStream err) throws Exception {
        ResolvedProperties settings;
        Window window;
        List<String> sinks;
        NatsOptions natsOptions;
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // the gateway's own properties: the site file, the jar's defaults, the environment over both
            Path dir = config.toAbsolutePath().normalize();
            if (!Files.isReadable(dir.resolve("application.properties"))) {
                throw new ConfigException(dir.resolve("application.properties"), "", "is missing or not readable");
            }
            context.getPropertiesComponent().setLocation(GatewayMain.propertyLocations(dir));
            settings = new ResolvedProperties(context.getPropertiesComponent(), dir);
            natsOptions = NatsOptions.from(settings);
            window = new Window(since, until, maxLag);
            sinks = sinks(settings::get);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        boolean terminal = System.console() != null;
        try (Connection nats = new NatsConnector(natsOptions).connect("iiot-nats-gateway-verify")) {
            StreamSide stream = new StreamSide(nats, settings.get("nats.drain.stream"),
                    settings.get("nats.drain.filter-subject"));
            Reconciliation reconciliation = new Reconciliation(stream, window, show, read -> {
                if (terminal) {
                    err.printf("\r  %,d stream messages read", read);
                }
            });
            boolean match = true;
            for (String name : sinks) {
                try (SinkSide side = open(name, settings::get)) {
                    match &= reconciliation.check(side, out);
                }
            }
            return match ? 0 : 1;
        } catch (IllegalStateException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
    }

    private List<String> sinks(UnaryOperator<String> property) {
        List<String> configured = new ArrayList<>();
        if (!property.apply("cassandra.contact-points").isEmpty()) {
            configured.add("cassandra");
        }
        if (!property.apply("greenplum.jdbc-url").isEmpty()) {
            configured.add("greenplum");
        }
        if (sink == null) {
            if (configured.isEmpty()) {
                throw new IllegalArgumentException(
                        "no sink is configured (cassandra.contact-points and greenplum.jdbc-url are empty)");
            }
            return configured;
        }
        if (!List.of("cassandra", "greenplum").contains(sink)) {
            throw new IllegalArgumentException("--sink: '" + sink + "' is not cassandra or greenplum");
        }
        if (!configured.contains(sink)) {
            throw new IllegalArgumentException("--sink " + sink + ": "
                    + (sink.equals("cassandra") ? "cassandra.contact-points" : "greenplum.jdbc-url") + " is empty");
        }
        return List.of(sink);
    }

    private static SinkSide open(String name, UnaryOperator<String> property) throws Exception {
        return name.equals("cassandra")
                ? new CassandraSide(CassandraSettings.from(property))
                : new GreenplumSide(GreenplumSettings.from(property));
    }

    /** ISO-8601 instants, with Z or an offset. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an ISO-8601 time such as 2026-03-01T08:00:00Z");
            }
        }
    }
}
