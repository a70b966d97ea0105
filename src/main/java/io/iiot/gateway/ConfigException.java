package io.iiot.gateway;

import java.nio.file.Path;

/**
 * Bad configuration, reported as one line naming the file, the key and the problem, e.g.
 * {@code config/assets.yaml: tags[2].area: 'Hall A' is not a subject token ([a-z0-9_-]+)}.
 */
public final class ConfigException extends RuntimeException {

    /**
     * @param file the file at fault
     * @param key the key or entry within it; empty when the whole file is at fault
     * @param problem what is wrong
     */
    public ConfigException(Path file, String key, String problem) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + problem);
    }
}
