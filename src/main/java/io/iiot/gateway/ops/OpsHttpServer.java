package io.iiot.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one HTTP port ({@code http.port}): {@code /observe/health}, {@code /observe/metrics} and, when
 * enabled, the Hawtio console at {@code /hawtio}, all on one Jetty server. It starts and stops with the Camel
 * context.
 *
 * <p>Why not Camel's own management server: since Camel 4.12 health and metrics are served by a Vert.x server on
 * a port of its own, and Hawtio needs a servlet container; two servers cannot share one port. So Jetty serves
 * all three, and health and metrics call the same Camel APIs that server would (the health-check registry and
 * the Prometheus registry of camel-micrometer-prometheus).
 */
public final class OpsHttpServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final Server server;
    private final ServerConnector connector;

    /**
     * @param host address to listen on, {@code 0.0.0.0} for all
     * @param port port, 0 for any free one
     * @param console the Hawtio web application, or null when the console is off
     */
    public OpsHttpServer(CamelContext camel, PrometheusMeterRegistry metrics, String host, int port,
            WebAppContext console) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler observe = new ServletContextHandler("/observe");
        observe.addServlet(new ServletHolder("health", new HealthServlet(camel)), "/health");
        observe.addServlet(new ServletHolder("metrics", new MetricsServlet(metrics)), "/metrics");
        ContextHandlerCollection contexts = new ContextHandlerCollection(observe);
        if (console != null) {
            contexts.addHandler(console);
        }
        server.setHandler(contexts);
        server.setStopTimeout(2000);
    }

    /** The port it listens on (the real one when configured with 0), or -1 before start. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    protected void doStart() throws Exception {
        server.start();
        boolean console = false;
        for (Handler handler : ((ContextHandlerCollection) server.getHandler()).getHandlers()) {
            console |= handler instanceof WebAppContext;
        }
        LOG.info("HTTP on port {}: /observe/health, /observe/metrics{}", port(), console ? ", /hawtio" : "");
    }

    @Override
    protected void doStop() throws Exception {
        server.stop();
    }
}
