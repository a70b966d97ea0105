package io.iiot.gateway.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /observe/metrics}: every series of the Prometheus registry, in Prometheus text format 0.0.4. */
final class MetricsServlet extends HttpServlet {

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final transient PrometheusMeterRegistry registry;

    MetricsServlet(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType(TEXT_FORMAT);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(registry.scrape());
    }
}
