package io.iiot.gateway.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An MQTT topic filter whose levels may be named, e.g. {@code plant/{machine}/{sensor}/{metric}}: the subscription
 * filter is the template with every named level replaced by {@code +} ({@code plant/+/+/+}), and
 * {@link #match(String)} returns what each named level of a received topic holds.
 *
 * <p>Levels are literal text, {@code +} (any one level, not named), {@code {name}} (any one level, named) or, as the
 * last level only, {@code #} (the rest, not named). Names are {@value #NAMES_TEXT}. The values are returned as they
 * arrived; turning them into subject tokens is the caller's job (one token function for all of them).
 */
public final class TopicTemplate {

    /** The level names a template may use. */
    public static final Set<String> NAMES = Set.of("machine", "sensor", "metric");
    private static final String NAMES_TEXT = "machine, sensor and metric";

    private final String text;
    private final List<String> levels;

    private TopicTemplate(String text, List<String> levels) {
        this.text = text;
        this.levels = levels;
    }

    /**
     * @param text the template, e.g. {@code plant/{machine}/{sensor}/{metric}}
     * @throws IllegalArgumentException naming the problem when the template is not a valid filter or names a level
     *         twice or with an unknown name
     */
    public static TopicTemplate parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("topic is empty");
        }
        if (text.startsWith("$share/")) {
            throw new IllegalArgumentException("write the topic without $share/{group}/: set shared-group instead");
        }
        List<String> levels = List.of(text.split("/", -1));
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals("#")) {
                if (i != levels.size() - 1) {
                    throw new IllegalArgumentException("'#' must be the last level of '" + text + "'");
                }
            } else if (level.startsWith("{") && level.endsWith("}")) {
                String name = level.substring(1, level.length() - 1);
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException(
                            "'" + level + "' is not a level name (" + NAMES_TEXT + ") in '" + text + "'");
                }
                if (seen.contains(name)) {
                    throw new IllegalArgumentException("'" + level + "' appears twice in '" + text + "'");
                }
                seen.add(name);
            } else if (!level.equals("+") && (level.contains("+") || level.contains("#") || level.contains("{")
                    || level.contains("}"))) {
                throw new IllegalArgumentException("level '" + level + "' of '" + text + "' mixes text and wildcards");
            }
        }
        return new TopicTemplate(text, levels);
    }

    /** The MQTT subscription filter: every named level becomes {@code +}. */
    public String filter() {
        return String.join("/", levels.stream().map(l -> isNamed(l) ? "+" : l).toList());
    }

    /** Whether the template names {@code name} ({@code machine}, {@code sensor} or {@code metric}). */
    public boolean names(String name) {
        return levels.contains("{" + name + "}");
    }

    /**
     * Matches a received topic.
     *
     * @return the named levels and their raw values, or empty when the topic does not match the filter
     */
    public Optional<Map<String, String>> match(String topic) {
        String[] parts = topic.split("/", -1);
        boolean rest = levels.get(levels.size() - 1).equals("#");
        int fixed = rest ? levels.size() - 1 : levels.size();
        if (rest ? parts.length < fixed : parts.length != fixed) {
            return Optional.empty();
        }
        if (fixed == 0 && topic.startsWith("$")) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            String level = levels.get(i);
            if (isNamed(level)) {
                values.put(level.substring(1, level.length() - 1), parts[i]);
            } else if (!level.equals("+") && !level.equals(parts[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(values);
    }

    private static boolean isNamed(String level) {
        return level.startsWith("{");
    }

    /** The template as written. */
    @Override
    public String toString() {
        return text;
    }
}
