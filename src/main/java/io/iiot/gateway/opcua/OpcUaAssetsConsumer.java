package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.ops.DependencyHealthCheck;
import io.iiot.gateway.ops.DependencyState;
import io.iiot.gateway.ops.GatewayMetrics;
import io.micrometer.core.instrument.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;

/**
 * One {@link ServerSession} per server of the asset model; every value becomes an exchange with the Milo
 * {@link DataValue} as its body, the headers {@value #SERVER}, {@value #ENDPOINT}, {@value #NODE} and
 * {@code GatewaySource} ({@code opcua:<endpoint>|<node>}), and the value as it arrived in the exchange property
 * {@code GatewayOriginal} for the dead-letter queue. The sessions are shared through {@link OpcUaSessions} with the
 * commands to machines.
 *
 * <p>Exchanges are processed asynchronously: the Milo thread hands a value on and takes the next, and waits only
 * when the pipeline's bound of unacknowledged publishes is reached (back-pressure).
 */
public final class OpcUaAssetsConsumer extends DefaultConsumer {

    /** Header: the server's id in the asset model. */
    public static final String SERVER = "OpcUaServer";
    /** Header: the server's endpoint URL. */
    public static final String ENDPOINT = "OpcUaEndpoint";
    /** Header: the node id. */
    public static final String NODE = "OpcUaNode";

    private final AssetModel model;
    private final String servers;
    private final OpcUaSourceSettings settings;
    private final OpcUaSessions shared;
    private final List<ServerSession> sessions = new ArrayList<>();
    private final List<Meter> meters = new ArrayList<>();
    private final List<String> healthChecks = new ArrayList<>();
    private GatewayMetrics metrics;

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

    private void deliver(Server server, Variable variable, DataValue value) {
        Exchange exchange = createExchange(true);
        String node = variable.node().orElseThrow();
        exchange.getMessage().setBody(value);
        exchange.getMessage().setHeader(SERVER, server.id().toString());
        exchange.getMessage().setHeader(ENDPOINT, server.endpointUrl());
        exchange.getMessage().setHeader(NODE, node);
        exchange.getMessage().setHeader("GatewaySource", "opcua:" + server.endpointUrl() + "|" + node);
        exchange.setProperty("GatewayOriginal", value);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("OPC-UA value of " + node + " not processed", exchange,
                        exchange.getException());
            }
            releaseExchange(exchange, false);
        });
    }

    @Override
    protected void doStop() throws Exception {
        for (ServerSession session : sessions) {
            shared.remove(session.serverId(), session);
            session.close();
        }
        sessions.clear();
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
