package io.iiot.gateway;

import java.nio.file.Path;

/**
 * Bad configuration, reported as one line naming where the value came from, the key and the problem, e.g.
 * {@code config/assets.yaml: tags[2].area: 'Hall A' is not a subject token ([a-z0-9_-]+)} or
 * {@code environment variable NATS_SERVERS: nats.servers: 'http://web:80' is not a NATS URL}.
 */
public final class ConfigException extends RuntimeException {

    /**
     * @param file the file at fault
     * @param key the key or entry within it; empty when the whole file is at fault
     * @param problem what is wrong
     */
    public ConfigException(Path file, String key, String problem) {
        this(file.toString(), key, problem);
    }

    /**
     * @param where the file or environment variable the value came from
     * @param key the key or entry; empty when the whole source is at fault
     * @param problem what is wrong
     */
    public ConfigException(String where, String key, String problem) {
        super(where + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
