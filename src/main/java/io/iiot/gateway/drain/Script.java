package io.iiot.gateway.drain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL or CQL file shipped in the jar ({@code sql/}, {@code cql/}), with its {@code {{name}}} placeholders
 * filled in. The values come from validated settings (identifiers, dates), never from message data: rows travel
 * as COPY data or bound parameters.
 */
public final class Script {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");

    private final String resource;
    private final String text;

    private Script(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    /**
     * Loads a classpath resource and fills in its placeholders.
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public static Script load(String resource, Map<String, String> values) {
        String raw;
        try (InputStream in = Script.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        Matcher placeholder = PLACEHOLDER.matcher(raw);
        StringBuilder filled = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException(resource + ": no value for {{" + placeholder.group(1) + "}}");
            }
            placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return new Script(resource, placeholder.appendTail(filled).toString());
    }

    /** The whole text, comments included. */
    public String text() {
        return text;
    }

    /** The statements: comment lines removed, split at {@code ;}, blank ones dropped. */
    public List<String> statements() {
        String code = String.join("\n", text.lines().filter(l -> !l.strip().startsWith("--")).toList());
        return Arrays.stream(code.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The only statement; for files that hold one. */
    public String statement() {
        List<String> statements = statements();
        if (statements.size() != 1) {
            throw new IllegalStateException(resource + " holds " + statements.size() + " statements, not one");
        }
        return statements.get(0);
    }

    @Override
    public String toString() {
        return "Script[" + resource + "]";
    }
}
