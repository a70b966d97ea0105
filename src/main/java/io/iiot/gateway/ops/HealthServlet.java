package io.iiot.gateway.ops;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

/**
 * {@code GET /observe/health}: runs Camel's readiness checks (the context, every route, and every
 * {@link DependencyHealthCheck} in the registry) and answers 200 with {@code "status":"UP"} when all are up,
 * 503 with {@code "status":"DOWN"} otherwise; the body names every check and its state.
 */
final class HealthServlet extends HttpServlet {

    private final transient CamelContext camel;

    HealthServlet(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = report(camel);
        response.setStatus(report.httpStatus());
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(report.toJson());
    }

    static HealthReport report(CamelContext camel) {
        return new HealthReport(HealthCheckHelper.invokeReadiness(camel).stream().map(HealthServlet::check).toList());
    }

    private static HealthReport.Check check(HealthCheck.Result result) {
        Map<String, Object> details = new TreeMap<>();
        result.getDetails().forEach((key, value) -> {
            if (!HealthCheckHelper.isReservedKey(key) && value != null) {
                details.put(key, String.valueOf(value));
            }
        });
        String message = result.getMessage().orElse(result.getError().map(Throwable::toString).orElse(null));
        return new HealthReport.Check(result.getCheck().getId(), result.getCheck().getGroup(),
                result.getState().name(), message, details);
    }
}
