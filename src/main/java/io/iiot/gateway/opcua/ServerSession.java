package io.iiot.gateway.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one client session with one OPC-UA server of the asset model, monitoring every variable of the
 * server's machines in a few subscriptions ({@link SubscriptionPlan}), created in chunks of
 * {@code itemsPerCall} items.
 *
 * <p>Until the first connect succeeds it retries in the background; after that Milo keeps the session alive and
 * reconnects, and subscriptions the server could not transfer to the new session are created again. Each change of
 * the connection's state is one log line. A node the server rejects is logged once and skipped; the other items
 * flow. A queue overflow reported by the server (the overflow bit of a value) is counted and logged.
 */
public final class ServerSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSession.class);
    private static final long OVERFLOW_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Server server;
    private final SubscriptionPlan plan;
    private final OpcUaSourceSettings settings;
    private final ClientSecurity security;
    private final Optional<String> password;
    private final Sink sink;
    private final ScheduledExecutorService executor;
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong lastOverflowLog = new AtomicLong(System.nanoTime() - OVERFLOW_LOG_INTERVAL_NANOS);
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();
    private volatile OpcUaClient client;
    private volatile boolean closed;
    private volatile boolean active;

    /**
     * @param server the server
     * @param variables its variables
     * @param settings client settings
     * @param security the client certificate and trust list
     * @param password the password when the server has a user name
     * @param sink receives every value
     */
    public ServerSession(Server server, List<Variable> variables, OpcUaSourceSettings settings,
            ClientSecurity security, Optional<String> password, Sink sink) {
        this.server = server;
        this.plan = SubscriptionPlan.of(variables, settings.samplingIntervalMs(), settings.publishingIntervalMs(),
                settings.itemsPerSubscription());
        this.settings = settings;
        this.security = security;
        this.password = password;
        this.sink = sink;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "opcua-" + server.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects in the background, retrying until the server answers. */
    public void start() {
        executor.execute(this::connect);
    }

    /** The server's id in the asset model. */
    String serverId() {
        return server.id().toString();
    }

    /** The client while connected (Milo may be reconnecting it): commands to machines use it too. */
    Optional<OpcUaClient> client() {
        return Optional.ofNullable(client);
    }

    /** Values the server reported with the overflow bit set: samples were discarded before that one. */
    public long overflows() {
        return overflows.get();
    }

    /** Whether the session with the server is active (connected and activated) right now. */
    public boolean isActive() {
        return active;
    }

    /** Why the server could not be reached the last time it could not; empty once it was. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem.get());
    }

    /** Nodes the server refused to monitor. */
    public long rejectedNodes() {
        return rejected.get();
    }

    /** Items this session monitors (or will, once connected). */
    public int items() {
        return plan.items();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            OpcUaClient connected = newClient();
            connected.addSessionActivityListener(new StateLogger());
            connected.connect();
            client = connected;
            lastProblem.set(null);
            for (SubscriptionPlan.Batch batch : plan.subscriptions()) {
                createSubscription(connected, batch);
            }
            LOG.info("OPC-UA server {} ({}): monitoring {} items in {} subscriptions", server.id(),
                    server.endpointUrl(), plan.items() - rejected.get(), plan.subscriptions().size());
        } catch (Exception e) {
            OpcUaClient failed = client;
            client = null;
            if (failed != null) {
                failed.disconnectAsync();
            }
            String problem = OpcUaClients.problem(e, settings.trustDir());
            if (!problem.equals(lastProblem.getAndSet(problem))) {
                LOG.warn("OPC-UA server {} ({}) not connected: {}; retrying every {} s", server.id(),
                        server.endpointUrl(), problem, settings.reconnectDelayMs() / 1000.0);
            }
            if (!closed) {
                executor.schedule(this::connect, settings.reconnectDelayMs(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private OpcUaClient newClient() throws UaException {
        return OpcUaClients.create(server, security, password, settings.requestTimeoutMs(), "iiot-nats-gateway");
    }

    private void createSubscription(OpcUaClient connected, SubscriptionPlan.Batch batch) throws UaException {
        OpcUaSubscription subscription = new OpcUaSubscription(connected, (double) batch.publishingIntervalMs());
        subscription.setMaxMonitoredItemsPerCall(uint(settings.itemsPerCall()));
        subscription.setSubscriptionListener(new Listener());
        subscription.create();
        List<OpcUaMonitoredItem> items = new ArrayList<>(batch.variables().size());
        for (Variable variable : batch.variables()) {
            NodeId node;
            try {
                node = NodeId.parse(variable.node().orElseThrow());
            } catch (RuntimeException e) {
                reject(variable, "not a valid node id");
                continue;
            }
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(node);
            item.setSamplingInterval(batch.samplingIntervalMs());
            item.setQueueSize(uint(batch.queueSize()));
            item.setDiscardOldest(true);
            item.setUserObject(variable);
            items.add(item);
        }
        subscription.addMonitoredItems(items);
        createItems(subscription);
    }

    /** Creates the subscription's items on the server; a rejected node is reported and removed. */
    private void createItems(OpcUaSubscription subscription) {
        int smallQueues = 0;
        for (MonitoredItemServiceOperationResult result : subscription.createMonitoredItems()) {
            OpcUaMonitoredItem item = result.monitoredItem();
            if (!result.isGood()) {
                reject((Variable) item.getUserObject().orElseThrow(), result.operationResult()
                        .map(ServerSession::statusName).orElse(statusName(result.serviceResult())));
                subscription.removeMonitoredItem(item);
            } else if (item.getRevisedQueueSize().map(q -> q.intValue() < item.getQueueSize().intValue())
                    .orElse(false)) {
                smallQueues++;
            }
        }
        if (smallQueues > 0) {
            LOG.warn("OPC-UA server {} revised the queue size of {} items below what was asked: changes between two "
                    + "publishes may be discarded (counted as overflows)", server.id(), smallQueues);
        }
    }

    private void reject(Variable variable, String reason) {
        rejected.incrementAndGet();
        LOG.warn("OPC-UA server {}: node {} ({}.{}) rejected: {}; skipped, the other items flow", server.id(),
                variable.node().orElse(""), variable.machine(), variable.key(), reason);
    }

    private static String statusName(StatusCode status) {
        return StatusCodes.lookup(status.getValue()).map(names -> names[0]).orElse(status.toString());
    }

    private void countOverflow(Variable variable) {
        long count = overflows.incrementAndGet();
        long now = System.nanoTime();
        long last = lastOverflowLog.get();
        if (now - last >= OVERFLOW_LOG_INTERVAL_NANOS && lastOverflowLog.compareAndSet(last, now)) {
            LOG.warn("OPC-UA server {}: queue overflow at node {}: the server discarded samples ({} overflows so far)",
                    server.id(), variable.node().orElse(""), count);
        }
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        OpcUaClient current = client;
        if (current != null) {
            try {
                current.disconnectAsync().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("OPC-UA server {}: disconnect: {}", server.id(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "ServerSession[" + server.id() + " " + server.endpointUrl() + ", " + plan.items() + " items]";
    }

    /** Receives the values of a server's items. */
    public interface Sink {

        /**
         * The values of one subscription notification, in the server's order, on a Milo thread. Returns quickly:
         * Milo queues every further notification, without bound, behind a thread that waits.
         */
        void accept(Server server, List<OpcUaValue> values);
    }

    private final class Listener implements OpcUaSubscription.SubscriptionListener {

        @Override
        public void onDataReceived(OpcUaSubscription subscription, List<OpcUaMonitoredItem> items,
                List<DataValue> values) {
            List<OpcUaValue> changes = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Variable variable = (Variable) items.get(i).getUserObject().orElse(null);
                DataValue value = values.get(i);
                if (variable == null) {
                    continue;
                }
                if (value.getStatusCode() != null && value.getStatusCode().isOverflowSet()) {
                    countOverflow(variable);
                }
                changes.add(new OpcUaValue(serverId(), server.endpointUrl(), variable.node().orElseThrow(), value));
            }
            if (!changes.isEmpty()) {
                sink.accept(server, changes);
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
            // the new session does not have it (a restarted server): create it and its items again
            executor.execute(() -> {
                try {
                    subscription.create();
                    createItems(subscription);
                    LOG.info("OPC-UA server {}: subscription of {} items re-created", server.id(),
                            subscription.getMonitoredItems().size());
                } catch (UaException e) {
                    LOG.warn("OPC-UA server {}: cannot re-create a subscription ({}); retrying on the next "
                            + "reconnect", server.id(), OpcUaClients.oneLine(e));
                }
            });
        }
    }

    private final class StateLogger implements SessionActivityListener {

        @Override
        public void onSessionActive(UaSession session) {
            active = true;
            LOG.info("OPC-UA server {} ({}) connected", server.id(), server.endpointUrl());
        }

        @Override
        public void onSessionInactive(UaSession session) {
            active = false;
            if (!closed) {
                LOG.warn("OPC-UA server {} ({}) disconnected; reconnecting", server.id(), server.endpointUrl());
            }
        }
    }
}
