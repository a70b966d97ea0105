package io.iiot.gateway.simulator;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OPC-UA server (Eclipse Milo) serving a simulated factory of CNC machines.
 *
 * <h2>Address space</h2>
 *
 * <p>{@code Objects > Plant > cnc-001 .. cnc-NNN}, each machine folder holding the variables of
 * {@link PlantVariable}, and the commands it takes: a writable speed setpoint {@code
 * ns=2;s=<machine>/command/speed_setpoint} (0 to 24000 rpm) and a method {@code
 * ns=2;s=<machine>/reset} of the machine object {@code ns=2;s=<machine>} that returns the setpoint to
 * 12000 rpm. Node ids are strings in namespace {@value PlantNamespace#NAMESPACE_URI}
 * (index 2): {@code ns=2;s=<machine>/<variable path>}, e.g. {@code
 * ns=2;s=cnc-001/spindle/vibration_rms}; see {@link #nodeId(String, String)}.
 *
 * <h2>Timing</h2>
 *
 * <p>Each machine is stepped once per {@linkplain Builder#updateInterval update interval}, and the
 * machines are spread evenly over the interval: machine {@code i} of {@code N} is stepped at {@code
 * i/N} of it, in groups at least {@link #SLICE} apart (with 2,500 machines and 1 s, 2 or 3 machines
 * every millisecond). Real plants' variables are independent and do not all change at the same
 * instant; a simulator stepping every machine at once would send its clients one burst per interval,
 * and a latency measured against it would be mostly the time to drain that burst. When a machine is
 * stepped, a variable whose value changed is written with status Good and the time of that step as
 * source and server timestamp, and one that did not change keeps its value and source timestamp, as on
 * a PLC (so a subscription sees changes, not steps). The first steps come one interval after {@link
 * #start()}, which writes every initial value with one timestamp.
 *
 * <h2>Endpoint and security</h2>
 *
 * <p>One endpoint, {@code opc.tcp://<host>:<port>}{@value #ENDPOINT_PATH}, with security policy
 * None and message security mode None: traffic, including a username's password, is not signed or
 * encrypted, so the simulator binds to loopback by default. Anonymous login is always allowed;
 * when {@linkplain Builder#user(String, String) a user} is configured, username login with exactly
 * that user and password is also allowed.
 *
 * <p>A simulator is started once and stopped once; it cannot be restarted.
 */
public final class PlantSimulator implements AutoCloseable {

    /** The path of the OPC-UA endpoint URL. */
    public static final String ENDPOINT_PATH = "/plant";

    /** The shortest time between the steps of two groups of machines. */
    public static final Duration SLICE = Duration.ofMillis(1);

    private static final Logger LOG = LoggerFactory.getLogger(PlantSimulator.class);

    private enum State {
        NEW, STARTED, STOPPED
    }

    private final Object plantLock = new Object();
    private final Plant plant;
    private final PlantNamespace namespace;
    private final OpcUaServer server;
    private final Duration updateInterval;
    private final long seed;
    private final String endpointUrl;
    private final List<Consumer<PlantSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Optional<ServerCertificate> certificate;

    private State state = State.NEW;
    private ScheduledExecutorService stepper;

    private PlantSimulator(Builder builder) {
        this.updateInterval = builder.updateInterval;
        this.seed = builder.seed != null ? builder.seed : System.nanoTime();
        this.plant = new Plant(builder.machines, seed);
        Set<String> hostnames = advertisedHostnames(builder.bindAddress);
        this.endpointUrl = "opc.tcp://" + urlHost(hostnames.iterator().next()) + ":" + builder.port + ENDPOINT_PATH;
        this.certificate = builder.secure
                ? Optional.of(ServerCertificate.create(builder.applicationUri, hostnames))
                : Optional.empty();
        this.server = PlantServerFactory.create(
                builder.bindAddress,
                builder.port,
                hostnames,
                builder.applicationUri,
                builder.productUri,
                Optional.ofNullable(builder.credentials),
                certificate);
        this.namespace = new PlantNamespace(server, plant.machines());
    }

    /**
     * The server's certificate when it serves Basic256Sha256 endpoints ({@link Builder#secure}), to
     * put into a client's trust list.
     */
    public Optional<X509Certificate> certificate() {
        return certificate.map(ServerCertificate::certificate);
    }

    /** A builder with the defaults: 3 machines on 127.0.0.1:4840, updated every second. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds the endpoint and starts updating the values.
     *
     * @throws IllegalStateException if already started or stopped, or if the server cannot start
     *     (for example because the port is in use)
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("simulator can be started once, it is " + state);
        }
        state = State.STARTED;
        writeInitialValues();
        namespace.startup();
        try {
            server.startup().get();
        } catch (ExecutionException e) {
            stop();
            throw new IllegalStateException(
                    "cannot start OPC-UA server at "
                            + endpointUrl
                            + " (is the port free and the bind address local?): "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while starting " + endpointUrl, e);
        }
        stepper = Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "plant-simulator-step");
                    thread.setDaemon(true);
                    return thread;
                });
        scheduleSteps();
        LOG.info(
                "Plant simulator serving {} machines ({} items) at {}, seed {}",
                plant.machines().size(),
                itemCount(),
                endpointUrl,
                seed);
    }

    /** Stops updating values and shuts the server down. Does nothing if not started. */
    public synchronized void stop() {
        if (state != State.STARTED) {
            return;
        }
        state = State.STOPPED;
        if (stepper != null) {
            stepper.shutdownNow();
        }
        namespace.shutdown();
        try {
            server.shutdown().get();
        } catch (ExecutionException e) {
            LOG.warn("OPC-UA server did not shut down cleanly", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Plant simulator at {} stopped", endpointUrl);
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The endpoint URL, {@code opc.tcp://<host>:<port>/plant}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The machine names, {@code cnc-001}, {@code cnc-002}, ... */
    public List<String> machines() {
        return plant.machines();
    }

    /** The number of OPC-UA variables served: per machine those of {@link PlantVariable} and the speed setpoint. */
    public int itemCount() {
        return plant.machines().size() * (PlantVariable.values().length + 1);
    }

    /** The seed of the value models: the configured one or the one drawn at build time. */
    public long seed() {
        return seed;
    }

    /**
     * The node id of a variable, e.g. {@code ns=2;s=cnc-001/spindle/vibration_rms}.
     *
     * @param machine a machine name from {@link #machines()}
     * @param variable a {@linkplain PlantVariable#path() variable path}
     * @throws IllegalArgumentException if the machine or variable does not exist
     */
    public String nodeId(String machine, String variable) {
        plant.indexOf(machine);
        return namespace.variableNodeId(machine, PlantVariable.fromPath(variable)).toParseableString();
    }

    /**
     * Pins a variable to a value: clients read it at once (with the current time as source
     * timestamp) and the simulation no longer changes it.
     *
     * @param machine a machine name from {@link #machines()}
     * @param variable a {@linkplain PlantVariable#path() variable path}
     * @param value a {@link Number} for numeric variables; an {@link OperationalState} or its name
     *     for {@code machine/state}
     * @throws IllegalArgumentException if the machine or variable does not exist or the value does
     *     not fit the variable
     */
    public void setValue(String machine, String variable, Object value) {
        PlantVariable plantVariable = PlantVariable.fromPath(variable);
        DateTime now = new DateTime(Instant.now());
        synchronized (plantLock) {
            int index = plant.indexOf(machine);
            plant.override(index, plantVariable, value);
            namespace.write(index, plantVariable, plant.reading(index).value(plantVariable), now);
        }
    }

    /**
     * Registers a listener called on the simulator's thread each time a group of machines has been
     * stepped, with their readings: over one update interval it sees every machine once (see {@link
     * PlantSnapshot}). It must return quickly; exceptions it throws are logged.
     */
    public void addListener(Consumer<PlantSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added with {@link #addListener}. */
    public void removeListener(Consumer<PlantSnapshot> listener) {
        listeners.remove(listener);
    }

    private void writeInitialValues() {
        DateTime now = new DateTime(Instant.now());
        synchronized (plantLock) {
            for (int i = 0; i < plant.machines().size(); i++) {
                namespace.write(i, plant.reading(i), now);
            }
        }
    }

    /**
     * Schedules one task per group of machines, each at the update interval: group {@code g} of {@code G}
     * holds machines {@code g*N/G} to {@code (g+1)*N/G - 1} and starts {@code g/G} of an interval after
     * the first, so the groups are evenly spread and stepped in machine order.
     */
    private void scheduleSteps() {
        int machines = plant.machines().size();
        long period = updateInterval.toNanos();
        int groups = (int) Math.min(machines, period / SLICE.toNanos());
        long phase = period / groups;
        for (int group = 0; group < groups; group++) {
            int from = (int) ((long) group * machines / groups);
            int to = (int) ((long) (group + 1) * machines / groups);
            stepper.scheduleAtFixedRate(() -> step(from, to), period + group * phase, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Steps the machines at indexes {@code from} (inclusive) to {@code to} (exclusive) and writes their changes. */
    private void step(int from, int to) {
        Instant now = Instant.now();
        DateTime time = new DateTime(now);
        List<MachineReading> readings = new ArrayList<>(to - from);
        int changes = 0;
        try {
            synchronized (plantLock) {
                for (int i = from; i < to; i++) {
                    plant.step(i);
                    MachineReading reading = plant.reading(i);
                    changes += namespace.write(i, reading, time);
                    readings.add(reading);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Plant simulator step of {} .. {} failed", plant.machines().get(from),
                    plant.machines().get(to - 1), e);
            return;
        }
        notifyListeners(new PlantSnapshot(now, readings, changes));
    }

    private void notifyListeners(PlantSnapshot snapshot) {
        for (Consumer<PlantSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.warn("Plant simulator listener {} failed", listener, e);
            }
        }
    }

    /**
     * The host names put into the endpoint descriptions, the one for {@link #endpointUrl()} first:
     * the bind address itself, or for a wildcard bind address this machine's host names.
     */
    private static Set<String> advertisedHostnames(String bindAddress) {
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
            return Set.of(bindAddress);
        }
        Set<String> hostnames = new LinkedHashSet<>();
        hostnames.add(HostnameUtil.getHostname());
        hostnames.addAll(HostnameUtil.getHostnames(bindAddress, true, false));
        return hostnames;
    }

    private static String urlHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * Configures a {@link PlantSimulator}. Every setter validates its argument and throws {@link
     * IllegalArgumentException} with a message naming the setting.
     */
    public static final class Builder {

        /** Upper bound on the number of machines. */
        public static final int MAX_MACHINES = 100_000;

        /** Lower bound on the update interval. */
        public static final Duration MIN_UPDATE_INTERVAL = Duration.ofMillis(10);

        private int machines = 3;
        private String bindAddress = "127.0.0.1";
        private int port = 4840;
        private Duration updateInterval = Duration.ofSeconds(1);
        private Credentials credentials;
        private boolean secure;
        private Long seed;
        private String applicationUri = "urn:iiot-nats-gateway:plant-simulator:server";
        private String productUri = "urn:iiot-nats-gateway:plant-simulator";

        private Builder() {
        }

        /** Number of machines, 1 to {@value #MAX_MACHINES}; default 3. */
        public Builder machines(int machines) {
            if (machines < 1 || machines > MAX_MACHINES) {
                throw new IllegalArgumentException(
                        "machines must be between 1 and " + MAX_MACHINES + ", got " + machines);
            }
            this.machines = machines;
            return this;
        }

        /**
         * Address the server binds to; default {@code 127.0.0.1}. With a wildcard address ({@code
         * 0.0.0.0} or {@code ::}) the endpoint URL uses this machine's host name.
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = requireNonBlank("bindAddress", bindAddress);
            return this;
        }

        /** TCP port, 1 to 65535; default 4840. Port 0 (any free port) is not supported. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Time between two steps of a machine (so each variable changes at most once per interval), at
         * least 10 ms; default 1 s. The machines are spread evenly over the interval.
         */
        public Builder updateInterval(Duration updateInterval) {
            Objects.requireNonNull(updateInterval, "updateInterval");
            if (updateInterval.compareTo(MIN_UPDATE_INTERVAL) < 0) {
                throw new IllegalArgumentException(
                        "updateInterval must be at least 10 ms, got " + updateInterval.toMillis() + " ms");
            }
            this.updateInterval = updateInterval;
            return this;
        }

        /** Accepts username login with this user and password, in addition to anonymous login. */
        public Builder user(String username, String password) {
            this.credentials = new Credentials(username, password);
            return this;
        }

        /** The login accepted besides anonymous, if any. */
        Optional<Credentials> credentials() {
            return Optional.ofNullable(credentials);
        }

        /**
         * Also serves Basic256Sha256 endpoints (Sign and SignAndEncrypt) with a self-signed
         * certificate created at start-up, accepting every client certificate; with {@link #user} the
         * password is then sent encrypted. Default: policy None only.
         */
        public Builder secure(boolean secure) {
            this.secure = secure;
            return this;
        }

        /** Seed of the value models, for repeatable values; default: drawn from the clock. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The server's application URI; default {@code urn:iiot-nats-gateway:plant-simulator:server}.
         */
        public Builder applicationUri(String applicationUri) {
            this.applicationUri = requireNonBlank("applicationUri", applicationUri);
            return this;
        }

        /** The server's product URI; default {@code urn:iiot-nats-gateway:plant-simulator}. */
        public Builder productUri(String productUri) {
            this.productUri = requireNonBlank("productUri", productUri);
            return this;
        }

        /** Creates the simulator and its address space; call {@link PlantSimulator#start()} next. */
        public PlantSimulator build() {
            return new PlantSimulator(this);
        }

        private static String requireNonBlank(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
