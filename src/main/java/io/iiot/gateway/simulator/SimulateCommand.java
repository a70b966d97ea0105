package io.iiot.gateway.simulator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code simulate} sub-command: runs a {@link PlantSimulator} (and optionally a {@link PlantMqttPublisher})
 * until the JVM shuts down.
 *
 * <p>Each option is checked by the simulator's builder as it is parsed, so a bad value ends in one line naming
 * the option, exit status 2. The password of {@code --user} comes from environment variable
 * {@value #PASSWORD_VARIABLE} (or is typed at a prompt with {@code --password}), never from the command line.
 * Exit status 1 when the server or the MQTT connection cannot start.
 */
@Command(name = "simulate",
        description = "Runs the OPC-UA plant simulator: CNC machines whose variables move realistically.",
        footer = {"", "Endpoint: opc.tcp://<bind>:<port>/plant, security policy None.",
                "Node ids: ns=2;s=<machine>/<variable>, e.g. ns=2;s=cnc-001/spindle/vibration_rms"})
public final class SimulateCommand implements Callable<Integer> {

    /** The environment variable holding the password of {@code --user}. */
    public static final String PASSWORD_VARIABLE = "SIMULATOR_PASSWORD";

    /** Exit status when the simulator or the MQTT publisher cannot start. */
    public static final int START_ERROR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);

    private final PlantSimulator.Builder simulator = PlantSimulator.builder();

    @Spec
    private CommandSpec spec;

    private String user;

    @Option(names = "--password", order = 7, interactive = true, showDefaultValue = Visibility.NEVER,
            defaultValue = "${env:"
                    + PASSWORD_VARIABLE + "}",
            description = "prompt for the password of --user (default: environment variable "
                    + PASSWORD_VARIABLE + ")")
    private String password;

    private String mqttUrl;

    @Option(names = "--machines", order = 1, paramLabel = "N", defaultValue = "3",
            description = "number of CNC machines, 1.."
                    + PlantSimulator.Builder.MAX_MACHINES
                    + " (default: ${DEFAULT-VALUE})")
    void machines(int machines) {
        check("--machines", () -> simulator.machines(machines));
    }

    @Option(names = "--port", order = 2, paramLabel = "P", defaultValue = "4840",
            description = "OPC-UA TCP port, 1..65535 (default: ${DEFAULT-VALUE})")
    void port(int port) {
        check("--port", () -> simulator.port(port));
    }

    @Option(names = "--bind", order = 3, paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address to bind to; 0.0.0.0 for all (default: ${DEFAULT-VALUE})")
    void bind(String address) {
        check("--bind", () -> simulator.bindAddress(address));
    }

    @Option(names = "--interval-ms", order = 4, paramLabel = "MS", defaultValue = "1000",
            description = "time between two updates of a machine, at least 10; the machines are spread evenly "
                    + "over it (default: ${DEFAULT-VALUE})")
    void interval(int milliseconds) {
        check("--interval-ms", () -> simulator.updateInterval(Duration.ofMillis(milliseconds)));
    }

    @Option(names = "--seed", order = 5, paramLabel = "N",
            description = "seed for repeatable values (default: from the clock)")
    void seed(long seed) {
        simulator.seed(seed);
    }

    @Option(names = "--user", order = 6, paramLabel = "NAME",
            description = "also accept username login as NAME, with the password from "
                    + PASSWORD_VARIABLE)
    void user(String name) {
        this.user = name;
    }

    @Option(names = "--write-log", order = 9, paramLabel = "FILE",
            description = "append a line '<source timestamp, epoch ms> <values written>' each time a group of "
                    + "machines is stepped, so a benchmark can count what arrives against what the server wrote")
    private Path writeLog;

    @Option(names = "--mqtt-url", order = 8, paramLabel = "URL",
            description = "also publish every value to this MQTT 5 broker (tcp://host:port)")
    void mqttUrl(String url) {
        check("--mqtt-url", () -> PlantMqttPublisher.requireBrokerUrl(url));
        this.mqttUrl = url;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlantSimulator plant = configured().build();
        try {
            plant.start();
        } catch (IllegalStateException e) {
            err.println("simulate: " + e.getMessage());
            return START_ERROR;
        }
        if (writeLog != null) {
            try {
                plant.addListener(stepWriter(Files.newBufferedWriter(writeLog)));
            } catch (IOException e) {
                err.println("simulate: cannot write " + writeLog + ": " + e.getMessage());
                plant.stop();
                return START_ERROR;
            }
        }
        Optional<PlantMqttPublisher> publisher;
        try {
            publisher = startPublisher(plant);
        } catch (MqttException e) {
            err.println("simulate: cannot connect to MQTT broker " + mqttUrl + ": " + e.getMessage());
            plant.stop();
            return START_ERROR;
        }
        out.println("Plant simulator: " + plant.endpointUrl() + " serving " + plant.itemCount() + " items from "
                + plant.machines().size() + " machines");
        awaitShutdown(plant, publisher);
        return 0;
    }

    /**
     * The simulator's builder once every option is known: {@code --user} needs the password.
     *
     * @throws ParameterException naming the option that is wrong
     */
    PlantSimulator.Builder configured() {
        if (user != null) {
            if (password == null || password.isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--user: the password must be set in environment variable " + PASSWORD_VARIABLE);
            }
            check("--user", () -> simulator.user(user, password));
        }
        return simulator;
    }

    /** Runs a setter of the builder, turning its rejection into a one-line error naming the option. */
    private void check(String option, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private static Consumer<PlantSnapshot> stepWriter(BufferedWriter log) {
        return snapshot -> {
            try {
                log.write(snapshot.timestamp().toEpochMilli() + " " + snapshot.changes() + "\n");
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private Optional<PlantMqttPublisher> startPublisher(PlantSimulator plant) throws MqttException {
        if (mqttUrl == null) {
            return Optional.empty();
        }
        return Optional.of(PlantMqttPublisher.connect(mqttUrl, plant));
    }

    private static void awaitShutdown(PlantSimulator plant, Optional<PlantMqttPublisher> publisher) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            publisher.ifPresent(SimulateCommand::closeQuietly);
            plant.stop();
            stopped.countDown();
        }, "plant-simulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(PlantMqttPublisher publisher) {
        try {
            publisher.close();
        } catch (MqttException e) {
            LOG.warn("MQTT publisher did not close cleanly", e);
        }
    }
}
