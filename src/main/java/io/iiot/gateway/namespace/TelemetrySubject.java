package io.iiot.gateway.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A telemetry subject {@code {org}.{site}.{area}.{line}.{machine}.{sensor}.{metric}} of the unified namespace.
 *
 * <p>Every part is a {@link Token}, so no part can contain a separator or a wildcard. The metric may hold more
 * than one token ({@code vibration.rms}); every other part is exactly one. The area must not be a
 * {@linkplain Token#RESERVED reserved} word, so telemetry never lands in the alert, command or dead-letter trees.
 * A telemetry subject therefore always has at least seven tokens, and the reserved trees use fewer (see
 * {@link #deadLetter}), which lets JetStream streams capture them without overlapping.
 */
public record TelemetrySubject(Token org, Token site, Token area, Token line, Token machine, Token sensor,
        List<Token> metric) {

    /** Most tokens a metric may have: keeps every telemetry subject within a known, bounded depth. */
    public static final int MAX_METRIC_TOKENS = 4;

    /**
     * @throws RejectedReadingException {@code reserved_area} when the area is a reserved word, {@code bad_name}
     *         when the metric is empty or deeper than {@value #MAX_METRIC_TOKENS} tokens
     */
    public TelemetrySubject {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(sensor, "sensor");
        if (area.isReserved()) {
            throw new RejectedReadingException(DeadLetterReason.RESERVED_AREA,
                    "area '" + area + "' is a reserved subject token");
        }
        metric = checkMetric(metric);
    }

    /**
     * A metric of 1 to {@value #MAX_METRIC_TOKENS} tokens, as an immutable list.
     *
     * @throws RejectedReadingException {@code bad_name} otherwise
     */
    static List<Token> checkMetric(List<Token> metric) {
        if (metric == null || metric.isEmpty() || metric.size() > MAX_METRIC_TOKENS) {
            throw new RejectedReadingException(DeadLetterReason.BAD_NAME,
                    "a metric has 1 to " + MAX_METRIC_TOKENS + " tokens, got " + (metric == null ? 0 : metric.size()));
        }
        return List.copyOf(metric);
    }

    /** Tokens joined by dots. */
    static String dotted(List<Token> tokens) {
        return String.join(".", tokens.stream().map(Token::toString).toList());
    }

    /**
     * Parses a dotted metric path from trusted configuration, such as {@code vibration.rms}.
     *
     * @throws IllegalArgumentException when a part is not a valid token
     */
    public static List<Token> parseMetric(String dotted) {
        if (dotted == null || dotted.isEmpty()) {
            throw new IllegalArgumentException("metric is empty");
        }
        List<Token> tokens = new ArrayList<>();
        for (String part : dotted.split("\\.", -1)) {
            tokens.add(Token.parse(part));
        }
        return tokens;
    }

    /** The dead-letter subject {@code {org}.{site}.dlq.{reason}}. */
    public static String deadLetter(Token org, Token site, DeadLetterReason reason) {
        return org + "." + site + ".dlq." + reason.token();
    }

    /** The metric as its dotted path, e.g. {@code vibration.rms}. */
    public String metricPath() {
        return dotted(metric);
    }

    /** The full subject text. */
    @Override
    public String toString() {
        return org + "." + site + "." + area + "." + line + "." + machine + "." + sensor + "." + metricPath();
    }
}
