package io.iiot.gateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps {@code docs/benchmarks.md} current: each scenario owns the text between its two markers
 * {@code <!-- bench:NAME:start -->} and {@code <!-- bench:NAME:end -->}, which a run replaces; the rest of the file
 * (how to reproduce, the machine) is left as written. A scenario without markers yet is appended.
 */
public final class BenchmarksDoc {

    private final Path file;

    /** @param file usually {@code docs/benchmarks.md} of the working directory */
    public BenchmarksDoc(Path file) {
        this.file = file;
    }

    /**
     * Replaces (or appends) the section of {@code scenario}.
     *
     * @param scenario the marker name, a token such as {@code opcua} or {@code drain-greenplum}
     * @param markdown the section's new text: heading, table, chart
     */
    public void write(String scenario, String markdown) throws IOException {
        if (!scenario.matches("[a-z0-9_-]+")) {
            throw new IllegalArgumentException("scenario must match [a-z0-9_-]+: " + scenario);
        }
        String start = "<!-- bench:" + scenario + ":start -->";
        String end = "<!-- bench:" + scenario + ":end -->";
        String section = start + "\n" + markdown.strip() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        Matcher existing = Pattern.compile(Pattern.quote(start) + ".*?" + Pattern.quote(end), Pattern.DOTALL)
                .matcher(text);
        String updated = existing.find()
                ? text.substring(0, existing.start()) + section + text.substring(existing.end())
                : text.stripTrailing() + "\n\n" + section + "\n";
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    /**
     * A horizontal bar chart in plain text, for a fenced block in Markdown: one bar per figure, scaled to the
     * largest.
     *
     * @param labels bar labels
     * @param values bar values, same order
     * @param unit printed after each value, e.g. {@code msg/s}
     */
    public static String barChart(String[] labels, double[] values, String unit) {
        if (labels.length != values.length) {
            throw new IllegalArgumentException("labels and values differ in length");
        }
        double max = 0;
        int width = 0;
        for (int i = 0; i < labels.length; i++) {
            max = Math.max(max, values[i]);
            width = Math.max(width, labels[i].length());
        }
        StringBuilder chart = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            int bar = max > 0 ? (int) Math.round(40 * values[i] / max) : 0;
            chart.append(String.format("%-" + width + "s |%s %,.0f %s%n", labels[i], "█".repeat(bar), values[i], unit));
        }
        return chart.toString();
    }
}
