package io.iiot.gateway.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of one benchmark run. {@link #toJson()} is the last line a {@code bench} scenario prints on standard
 * output, so scripts can compare runs without parsing the table above it.
 *
 * @param scenario {@code opcua}, {@code mqtt} or {@code drain} (with its variant, e.g. {@code drain-greenplum})
 * @param messages messages the gateway delivered (with acknowledgement) during the measured phase
 * @param perS sustained messages per second, with acknowledgements
 * @param p50Ms median latency in milliseconds, as the scenario defines it
 * @param p99Ms 99th percentile latency in milliseconds
 * @param lost messages sent but not delivered; must be 0
 * @param rssMib the gateway's resident memory in MiB at the end of the run
 * @param ceilingPerS the raw limit measured in the same run (what the scenario names as its ceiling)
 * @param peer name of a peer measured in the same run, or null
 * @param peerPerS the peer's messages per second, or null
 * @param extra further figures of the scenario, in order (written after the fixed ones)
 */
public record BenchResult(String scenario, long messages, double perS, double p50Ms, double p99Ms, long lost,
        double rssMib, double ceilingPerS, String peer, Double peerPerS, Map<String, Object> extra) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchResult {
        Objects.requireNonNull(scenario, "scenario");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** {@code perS / ceilingPerS}, or 0 when no ceiling was measured. */
    public double ratio() {
        return ceilingPerS > 0 ? perS / ceilingPerS : 0;
    }

    /** The one-line JSON object: scenario, messages, per_s, p50_ms, p99_ms, lost, rss_mib, ceiling_per_s, ratio. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("messages", messages);
        json.put("per_s", round(perS, 1));
        json.put("p50_ms", round(p50Ms, 3));
        json.put("p99_ms", round(p99Ms, 3));
        json.put("lost", lost);
        json.put("rss_mib", round(rssMib, 1));
        json.put("ceiling_per_s", round(ceilingPerS, 1));
        json.put("ratio", round(ratio(), 3));
        if (peer != null) {
            json.put("peer", peer);
            json.put("peer_per_s", peerPerS == null ? null : round(peerPerS, 1));
        }
        json.putAll(extra);
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write benchmark JSON", e);
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    @Override
    public String toString() {
        return toJson();
    }
}
