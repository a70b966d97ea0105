package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.ops.DependencyHealthCheck;
import io.iiot.gateway.ops.DependencyState;
import io.iiot.gateway.ops.GatewayMetrics;
import io.micrometer.core.instrument.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link ServerSession} per server of the asset model; the values of each subscription notification become one
 * exchange whose body is the list of {@link OpcUaValue}s, in the server's order, with the values as they arrived
 * ({@link Arrival}s) in the exchange property {@code GatewayOriginal} for the dead-letter queue. The sessions are
 * shared through {@link OpcUaSessions} with the commands to machines.
 *
 * <p>The Milo thread hands a notification to the gateway's ingest thread and returns at once, so Milo never queues
 * notifications behind a slow pipeline (it would, without bound, and run out of memory). The ingest thread runs the
 * route, in arrival order, and waits when the pipeline's bound of unacknowledged publishes is reached. At most
 * {@value #MAX_PENDING} values wait in the gateway or are on their way to JetStream; when more arrive (the server
 * sends faster than the gateway publishes, or NATS is away), the notification is dropped, counted in
 * {@code gateway_opcua_dropped_total{server}} and logged (once per 10 s), as a server's own queue overflow would be.
 */
public final class OpcUaAssetsConsumer extends DefaultConsumer {

    /** Most values waiting in the gateway or on their way to JetStream. */
    static final int MAX_PENDING = 20_000;
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaAssetsConsumer.class);

    private final AssetModel model;
    private final String servers;
    private final OpcUaSourceSettings settings;
    private final OpcUaSessions shared;
    private final List<ServerSession> sessions = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();
    private final List<String> healthChecks = new ArrayList<>();
    private GatewayMetrics metrics;
    private ExecutorService ingest;
    private final AtomicInteger pending = new AtomicInteger();
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);

    OpcUaAssetsConsumer(OpcUaAssetsEndpoint endpoint, Processor processor, AssetModel model, String servers,
            OpcUaSourceSettings settings, OpcUaSessions shared) {
        super(endpoint, processor);
        this.model = model;
        this.servers = servers;
        this.settings = settings;
        this.shared = shared;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        metrics = getEndpoint().getCamelContext().getRegistry().lookupByNameAndType("gatewayMetrics",
                GatewayMetrics.class);
        ingest = getEndpoint().getCamelContext().getExecutorServiceManager().newSingleThreadExecutor(this,
                "opcua-ingest");
        ClientSecurity security = ClientSecurity.load(settings.certificateDir(), settings.trustDir());
        for (Server server : model.servers()) {
            if (!servers.equals("all") && !servers.equals(server.id().toString())) {
                continue;
            }
            List<Variable> variables = model.machinesOn(server.id()).stream().map(Machine::variables)
                    .flatMap(List::stream).filter(v -> v.node().isPresent()).toList();
            ServerSession session = new ServerSession(server, variables, settings, security, password(server),
                    this::deliver);
            sessions.add(session);
            shared.add(server.id().toString(), session);
            watch(server, session);
            session.start();
        }
    }

    /**
     * Makes the session visible: a health check {@code opcua:<endpoint>} (DOWN until the session is active, with the
     * reason it is not) and the series of {@link GatewayMetrics} for OPC-UA.
     */
    private void watch(Server server, ServerSession session) {
        Registry registry = getEndpoint().getCamelContext().getRegistry();
        String check = "opcua-health-" + server.id();
        registry.bind(check, new DependencyHealthCheck("opcua", server.endpointUrl(), () -> session.isActive()
                ? DependencyState.up("session active, " + (session.items() - session.rejectedNodes()) + " items")
                : DependencyState.down("not connected" + session.lastProblem().map(p -> ": " + p).orElse(""))));
        healthChecks.add(check);
        if (metrics != null) {
            String id = server.id().toString();
            meters.add(metrics.opcUaSession(id, session::isActive));
            meters.add(metrics.opcUaItems(id, () -> session.items() - session.rejectedNodes()));
            meters.add(metrics.opcUaOverflows(id, session, ServerSession::overflows));
            meters.add(metrics.opcUaDropped(id, dropped.computeIfAbsent(id, k -> new AtomicLong()), AtomicLong::get));
        }
    }

    private Optional<String> password(Server server) {
        if (server.username().isEmpty()) {
            return Optional.empty();
        }
        String password = System.getenv(server.passwordVariable());
        if (password == null) {
            throw new IllegalStateException("OPC-UA server " + server.id() + " logs in as '"
                    + server.username().get() + "' but " + server.passwordVariable() + " is not set");
        }
        return Optional.of(password);
    }

    private void deliver(Server server, List<OpcUaValue> values) {
        if (pending.addAndGet(values.size()) > MAX_PENDING) {
            pending.addAndGet(-values.size());
            drop(server, values.size());
            return;
        }
        ingest.execute(() -> process(server, values));
    }

    private void drop(Server server, int values) {
        long count = dropped.computeIfAbsent(server.id().toString(), k -> new AtomicLong()).addAndGet(values);
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn(
                    "OPC-UA server {}: {} values waiting in the gateway, the most it holds: values dropped ({} so far);"
                            + " the gateway does not publish as fast as the server sends (is NATS slow or away?)",
                    server.id(),
                    MAX_PENDING, count);
        }
    }

    private void process(Server server, List<OpcUaValue> values) {
        Exchange exchange = createExchange(true);
        List<Arrival> arrivals = new ArrayList<>(values.size());
        for (OpcUaValue value : values) {
            arrivals.add(new Arrival(value.source(), value.value()));
        }
        exchange.getMessage().setBody(values);
        exchange.setProperty("GatewayOriginal", arrivals);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException(values.size() + " OPC-UA values of " + server.id()
                        + " not processed", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
            pending.addAndGet(-values.size());
        });
    }

    @Override
    protected void doStop() throws Exception {
        for (ServerSession session : sessions) {
            shared.remove(session.serverId(), session);
            session.close();
        }
        sessions.clear();
        if (ingest != null) {
            // what the sessions handed on before they closed is published first
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(ingest);
        }
        Registry registry = getEndpoint().getCamelContext().getRegistry();
        healthChecks.forEach(registry::unbind);
        healthChecks.clear();
        if (metrics != null) {
            metrics.remove(meters);
        }
        meters.clear();
        super.doStop();
    }
}
