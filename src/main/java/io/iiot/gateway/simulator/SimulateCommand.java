package io.iiot.gateway.simulator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code simulate} sub-command: runs a {@link PlantSimulator} (and optionally a {@link
 * PlantMqttPublisher}) until the JVM shuts down.
 *
 * <pre>
 * simulate [--machines N] [--port P] [--bind ADDR] [--interval-ms MS] [--seed N]
 *          [--user NAME] [--mqtt-url URL] [--help]
 * </pre>
 *
 * <p>The password of {@code --user} is read from environment variable {@value
 * SimulateArguments#PASSWORD_VARIABLE}, never from the command line. Exit codes: 0 after a clean
 * shutdown or {@code --help}, 2 for bad arguments (one line on stderr naming the argument), 1 when
 * the server or the MQTT connection cannot start.
 */
public final class SimulateCommand {

    /** Exit code for bad arguments. */
    public static final int USAGE_ERROR = 2;

    /** Exit code when the simulator or the MQTT publisher cannot start. */
    public static final int START_ERROR = 1;

    static final String USAGE = """
            Usage: simulate [options]
              --machines N      number of CNC machines, 1..100000 (default 3)
              --port P          OPC-UA TCP port, 1..65535 (default 4840)
              --bind ADDR       address to bind to (default 127.0.0.1; 0.0.0.0 for all)
              --interval-ms MS  time between value updates, >= 10 (default 1000)
              --seed N          seed for repeatable values (default: from the clock)
              --user NAME       also accept username login as NAME; the password is read
                                from environment variable SIMULATOR_PASSWORD
              --mqtt-url URL    also publish every value to this MQTT 5 broker (tcp://host:port)
              --help            show this help
            Endpoint: opc.tcp://<bind>:<port>/plant, security policy None.
            Node ids: ns=2;s=<machine>/<variable>, e.g. ns=2;s=cnc-001/spindle/vibration_rms
            """;

    private static final Logger LOG = LoggerFactory.getLogger(SimulateCommand.class);

    private SimulateCommand() {
    }

    /**
     * Runs the sub-command and blocks until the JVM shuts down.
     *
     * @param args the words after {@code simulate}
     * @return the process exit code
     */
    public static int run(String[] args) {
        return run(args, System.getenv(), System.out, System.err);
    }

    /** {@link #run(String[])} with the environment and the output streams given. */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        SimulateArguments arguments;
        try {
            arguments = SimulateArguments.parse(Arrays.asList(args), environment);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage() + " (see simulate --help)");
            return USAGE_ERROR;
        }
        if (arguments.help()) {
            out.print(USAGE);
            return 0;
        }
        PlantSimulator simulator = arguments.simulator().build();
        try {
            simulator.start();
        } catch (IllegalStateException e) {
            err.println("simulate: " + e.getMessage());
            return START_ERROR;
        }
        Optional<PlantMqttPublisher> publisher;
        try {
            publisher = startPublisher(arguments.mqttUrl(), simulator);
        } catch (MqttException e) {
            err.println(
                    "simulate: cannot connect to MQTT broker "
                            + arguments.mqttUrl().get()
                            + ": "
                            + e.getMessage());
            simulator.stop();
            return START_ERROR;
        }
        out.println(
                "Plant simulator: "
                        + simulator.endpointUrl()
                        + " serving "
                        + simulator.itemCount()
                        + " items from "
                        + simulator.machines().size()
                        + " machines");
        awaitShutdown(simulator, publisher);
        return 0;
    }

    private static Optional<PlantMqttPublisher> startPublisher(
            Optional<String> mqttUrl, PlantSimulator simulator) throws MqttException {
        if (mqttUrl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(PlantMqttPublisher.connect(mqttUrl.get(), simulator));
    }

    private static void awaitShutdown(
            PlantSimulator simulator, Optional<PlantMqttPublisher> publisher) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    publisher.ifPresent(SimulateCommand::closeQuietly);
                                    simulator.stop();
                                    stopped.countDown();
                                },
                                "plant-simulator-shutdown"));
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
