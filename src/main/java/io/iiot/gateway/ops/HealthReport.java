package io.iiot.gateway.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code /observe/health}: the overall status and one entry per check, dependencies first.
 *
 * <pre>
 * {"status":"DOWN","checks":[
 *   {"id":"nats:nats://127.0.0.1:4222","group":"dependency","state":"DOWN",
 *    "message":"NATS connection is reconnecting"},
 *   {"id":"routes","group":"camel","state":"UP"}]}
 * </pre>
 *
 * @param checks every readiness check's result
 */
public record HealthReport(List<Check> checks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HealthReport {
        checks = checks.stream()
                .sorted(Comparator.comparing((Check c) -> !DependencyHealthCheck.GROUP.equals(c.group()))
                        .thenComparing(Check::id))
                .toList();
    }

    /** True when every check is UP (a check whose state is UNKNOWN counts as down). */
    public boolean up() {
        return checks.stream().allMatch(c -> "UP".equals(c.state()));
    }

    /** 200 when up, 503 otherwise. */
    public int httpStatus() {
        return up() ? 200 : 503;
    }

    /** The JSON body. */
    public String toJson() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up() ? "UP" : "DOWN");
        body.put("checks", checks.stream().map(Check::toMap).toList());
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One check's result.
     *
     * @param id what was checked, e.g. {@code nats:nats://127.0.0.1:4222} or {@code route:opcua-to-jetstream}
     * @param group {@code dependency} for connections, {@code camel} for Camel's own checks
     * @param state {@code UP}, {@code DOWN} or {@code UNKNOWN}
     * @param message one line, may be null
     * @param details extra facts, may be empty
     */
    public record Check(String id, String group, String state, String message, Map<String, Object> details) {

        public Check {
            details = Map.copyOf(details);
        }

        private Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", id);
            map.put("group", group == null ? "camel" : group);
            map.put("state", state);
            if (message != null && !message.isBlank()) {
                map.put("message", message);
            }
            if (!details.isEmpty()) {
                map.put("details", details);
            }
            return map;
        }
    }
}
