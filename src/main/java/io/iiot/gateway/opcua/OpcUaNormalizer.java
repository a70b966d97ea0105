package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.AssetModel;
import io.iiot.gateway.asset.Machine;
import io.iiot.gateway.asset.Server;
import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.jetstream.Arrival;
import io.iiot.gateway.namespace.DeadLetterReason;
import io.iiot.gateway.namespace.MessageId;
import io.iiot.gateway.namespace.Quality;
import io.iiot.gateway.namespace.RejectedReadingException;
import io.iiot.gateway.namespace.Telemetry;
import io.iiot.gateway.namespace.TelemetryMessage;
import io.iiot.gateway.namespace.Token;
import io.iiot.gateway.pipeline.Readings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/**
 * Turns an OPC-UA {@link DataValue} of a monitored node into {@link Telemetry}, using the asset model to place
 * the node in the namespace.
 *
 * <p>The timestamp is the source timestamp; servers that do not stamp at the source get their server timestamp
 * instead, and a value with neither is rejected ({@code no_timestamp}). The status code maps to quality.
 */
public final class OpcUaNormalizer {

    private final AssetModel assets;
    private final Token org;
    private final Token site;
    /** The model's servers by id. */
    private final Map<String, Server> servers;

    /**
     * @param assets the asset model
     * @param org {@code gateway.org}
     * @param site {@code gateway.site}
     */
    public OpcUaNormalizer(AssetModel assets, String org, String site) {
        this.assets = assets;
        this.org = Token.parse(org);
        this.site = Token.parse(site);
        this.servers = assets.servers().stream().collect(Collectors.toMap(s -> s.id().toString(), s -> s));
    }

    /**
     * The telemetry of the value changes a source handed on together, in order; a value that cannot be normalized is
     * rejected with its reason (as {@link #normalize(DataValue, String, String)} throws it) and the others go on.
     */
    public Readings normalize(List<OpcUaValue> values) {
        List<Telemetry> telemetry = new ArrayList<>(values.size());
        List<Readings.Rejected> rejected = new ArrayList<>(0);
        for (OpcUaValue value : values) {
            try {
                telemetry.add(normalize(value.value(), value.server(), value.node()));
            } catch (RejectedReadingException e) {
                rejected.add(new Readings.Rejected(new Arrival(value.source(), value.value()), e));
            }
        }
        return new Readings(telemetry, rejected);
    }

    /**
     * @param value the value the server reported
     * @param serverId the server's id in the asset model
     * @param nodeId the monitored node, e.g. {@code ns=2;s=Spindle.Vib}
     * @throws RejectedReadingException {@code unknown_item} when the asset model has no such variable, or the
     *         reasons of {@link TelemetryMessage} for unusable values
     */
    public Telemetry normalize(DataValue value, String serverId, String nodeId) {
        Server server = Optional.ofNullable(servers.get(serverId))
                .orElseThrow(() -> new RejectedReadingException(DeadLetterReason.UNKNOWN_ITEM,
                        "server " + serverId + " is not in the asset model"));
        Variable variable = assets.variableAt(server.id(), nodeId).orElseThrow(() -> new RejectedReadingException(
                DeadLetterReason.UNKNOWN_ITEM,
                "node " + nodeId + " of server " + serverId + " is not in the asset model"));
        Machine machine = assets.machine(variable.machine()).orElseThrow();
        if (value == null) {
            throw new RejectedReadingException(DeadLetterReason.BAD_VALUE, "no data value for node " + nodeId);
        }
        String source = "opcua:" + server.endpointUrl();
        Instant timestamp = timestamp(value);
        TelemetryMessage message = new TelemetryMessage(javaValue(value.getValue().getValue()), variable.unit(),
                timestamp, quality(value.getStatusCode()), machine.id(), variable.sensor(), variable.metric(),
                source + "|" + nodeId, null);
        return new Telemetry(machine.subject(org, site, variable), message, MessageId.of(source, nodeId, timestamp));
    }

    private static Instant timestamp(DataValue value) {
        for (DateTime time : new DateTime[]{value.getSourceTime(), value.getServerTime()}) {
            if (time != null && !time.isNull() && time.isValid()) {
                return time.getJavaInstant();
            }
        }
        return null;
    }

    private static Quality quality(StatusCode status) {
        if (status == null || status.isGood()) {
            return Quality.GOOD;
        }
        return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
    }

    /** OPC-UA built-in values as JSON-friendly Java values; anything else is left for validation to reject. */
    private static Object javaValue(Object value) {
        if (value instanceof ULong unsigned) {
            return unsigned.toBigInteger();
        }
        if (value instanceof UNumber unsigned) {
            return unsigned.longValue();
        }
        if (value instanceof LocalizedText text) {
            return text.getText();
        }
        if (value instanceof Number n && !(n instanceof BigInteger || n instanceof BigDecimal)) {
            return value instanceof Float || value instanceof Double
                    ? (Object) n.doubleValue()
                    : (Object) n.longValue();
        }
        return value;
    }
}
