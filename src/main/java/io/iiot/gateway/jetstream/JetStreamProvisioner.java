package io.iiot.gateway.jetstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iiot.gateway.ConfigException;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.support.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the streams (and KV buckets, which are streams named {@code KV_<bucket>}) described by
 * {@code jetstream/*.json}, in the NATS server's own stream-configuration JSON.
 *
 * <p>It is idempotent: a stream that already matches is left alone, one that differs is updated. Afterwards it
 * reads back what the server really holds and warns, once per setting, about every setting of the file the
 * server did not keep (nats-server 2.9 accepts {@code "compression": "s2"} and silently ignores it).
 * {@code {{key}}} placeholders in a file are resolved from the gateway's properties first, so one file serves
 * every {@code gateway.org}.
 */
public final class JetStreamProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamProvisioner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STREAM_NOT_FOUND = 10059;

    private final JetStreamManagement management;
    private final UnaryOperator<String> placeholders;

    /**
     * @param management JetStream management of the gateway's connection
     * @param placeholders resolves {@code {{key}}} placeholders in file text
     */
    public JetStreamProvisioner(JetStreamManagement management, UnaryOperator<String> placeholders) {
        this.management = management;
        this.placeholders = placeholders;
    }

    /**
     * Provisions every {@code *.json} file of {@code dir}, in file-name order.
     *
     * @return one result per file
     * @throws ConfigException naming the file and the problem when a file is invalid or the server refuses it
     */
    public List<Provisioned> provision(Path dir) {
        List<Provisioned> results = new ArrayList<>();
        for (Path file : jsonFiles(dir)) {
            results.add(provisionFile(file));
        }
        return results;
    }

    private Provisioned provisionFile(Path file) {
        JsonNode wanted = read(file);
        StreamConfiguration config;
        try {
            config = StreamConfiguration.instance(wanted.toString());
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new ConfigException(file, "", "is not a stream configuration: " + e.getMessage());
        }
        try {
            Action action;
            StreamInfo info = existing(config.getName());
            if (info == null) {
                info = management.addStream(config);
                action = Action.CREATED;
            } else if (ownedByTopology(info, wanted)) {
                LOG.info("JetStream stream {} kept as it is: it {} another stream (the leaf topology's, see "
                        + "config/nats/README.md), which {} does not", config.getName(),
                        info.getConfiguration().getMirror() != null ? "mirrors" : "sources", file.getFileName());
                return new Provisioned(config.getName(), Action.KEPT, List.of());
            } else if (differences(wanted, info).isEmpty()) {
                action = Action.UNCHANGED;
            } else {
                String before = info.getConfiguration().toJson();
                info = management.updateStream(config);
                // a difference the server ignores (s2 on 2.9) makes every update a no-op: report what happened
                action = before.equals(info.getConfiguration().toJson()) ? Action.UNCHANGED : Action.UPDATED;
            }
            List<String> ignored = differences(wanted, info);
            for (String setting : ignored) {
                LOG.warn("{}: stream {} does not have {}; the server ignores or overrides it", file.getFileName(),
                        config.getName(), setting);
            }
            LOG.info("JetStream stream {} {} from {}", config.getName(), action.name().toLowerCase(),
                    file.getFileName());
            return new Provisioned(config.getName(), action, ignored);
        } catch (JetStreamApiException e) {
            throw new ConfigException(file, "", "the NATS server refused stream '" + config.getName() + "': "
                    + e.getErrorDescription() + " (error " + e.getApiErrorCode() + ")");
        } catch (IOException e) {
            throw new IllegalStateException("cannot provision " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A stream that mirrors or sources another (an edge's mirror of the cloud's KV bucket, the cloud's TELEMETRY
     * sourcing every site) belongs to the topology, not to the site's file: updating it from a plain stream file
     * would fail (a mirror cannot take subjects) or cut it off from its sources.
     */
    private static boolean ownedByTopology(StreamInfo info, JsonNode wanted) {
        StreamConfiguration existing = info.getConfiguration();
        boolean aggregates = existing.getMirror() != null || !existing.getSources().isEmpty();
        return aggregates && !wanted.has("mirror") && !wanted.has("sources");
    }

    private StreamInfo existing(String name) throws IOException, JetStreamApiException {
        try {
            return management.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    /** Each setting of the file whose value the server's configuration does not have, as "key=value (has x)". */
    private static List<String> differences(JsonNode wanted, StreamInfo info) {
        JsonNode actual = parse(info.getConfiguration().toJson());
        List<String> differences = new ArrayList<>();
        for (Iterator<String> keys = wanted.fieldNames(); keys.hasNext();) {
            String key = keys.next();
            JsonNode want = wanted.get(key);
            JsonNode have = actual.get(key);
            if (!sameSetting(want, have)) {
                differences.add(key + "=" + want + " (server has " + (have == null ? "none" : have) + ")");
            }
        }
        return differences;
    }

    private static boolean sameSetting(JsonNode want, JsonNode have) {
        if (have == null) {
            // jnats leaves out settings at their defaults: an absent false, 0, -1 (unlimited) or empty list matches
            return want.isNull() || want.isBoolean() && !want.asBoolean()
                    || want.isNumber() && (want.asLong() == 0 || want.asLong() == -1)
                    || want.isContainerNode() && want.isEmpty();
        }
        return want.isNumber() && have.isNumber() ? want.asLong() == have.asLong() : want.equals(have);
    }

    private JsonNode read(Path file) {
        try {
            String text = placeholders.apply(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject() || !node.hasNonNull("name")) {
                throw new ConfigException(file, "name", "is missing: a stream file is one JSON object with a name");
            }
            return node;
        } catch (IOException e) {
            throw new ConfigException(file, "", "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "", e.getMessage());
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("jnats wrote invalid JSON", e);
        }
    }

    private static List<Path> jsonFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir, "", "JetStream directory does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(dir, "", "cannot be listed: " + e.getMessage());
        }
    }

    /** What provisioning did to a stream. */
    public enum Action {
        CREATED, UPDATED, UNCHANGED,
        /** Left alone: the existing stream mirrors or sources another and the file does not say so. */
        KEPT
    }

    /**
     * The outcome for one file.
     *
     * @param stream stream name
     * @param action what was done
     * @param ignored settings of the file that the server did not keep
     */
    public record Provisioned(String stream, Action action, List<String> ignored) {
    }
}
