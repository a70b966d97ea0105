package io.iiot.gateway.drain.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Compares what the stream holds in a window with what one sink holds: per subject, the count of message ids and
 * the sum of their CRC32s. Only where a subject differs are the ids themselves read again from both sides, to name
 * the missing ones (in the stream, not in the sink), the duplicated ones (more than one row) and the extra ones (in
 * the sink, not in the stream's window, e.g. aged out of the stream).
 */
public final class Reconciliation {

    private final StreamSide stream;
    private final Window window;
    private final int show;
    private final LongConsumer progress;

    /**
     * @param stream the stream side
     * @param window the window
     * @param show how many ids to print per list at most
     * @param progress told how many stream messages were read, now and then
     */
    public Reconciliation(StreamSide stream, Window window, int show, LongConsumer progress) {
        this.stream = stream;
        this.window = window;
        this.show = show;
        this.progress = progress;
    }

    /**
     * Reconciles one sink and prints the outcome.
     *
     * @return true when every subject matches
     */
    public boolean check(SinkSide sink, PrintStream out) throws Exception {
        Tally streamTally = new Tally();
        stream.read(window, null, streamTally::add, progress);
        Tally sinkTally = new Tally();
        sink.read(window, streamTally.subjects().keySet(), true, sinkTally::add);
        Set<String> subjects = new TreeSet<>(streamTally.subjects().keySet());
        subjects.addAll(sinkTally.subjects().keySet());
        List<String> differing = subjects.stream().filter(s -> !streamTally.matches(sinkTally, s)).toList();
        out.printf("%s: %,d messages in the stream, %,d rows in the sink, %d subject(s), %d differ%n", sink.name(),
                streamTally.total(), sinkTally.total(), subjects.size(), differing.size());
        long missing = 0;
        long duplicated = 0;
        long extra = 0;
        for (String subject : differing) {
            Set<String> inStream = new HashSet<>();
            stream.read(window, subject, (s, id) -> inStream.add(id), n -> {
            });
            Map<String, Integer> inSink = new HashMap<>();
            sink.read(window, Set.of(subject), false, (s, id) -> inSink.merge(id, 1, Integer::sum));
            List<String> missingIds = inStream.stream().filter(id -> !inSink.containsKey(id)).sorted().toList();
            List<String> duplicatedIds = inSink.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).sorted().toList();
            List<String> extraIds = inSink.keySet().stream().filter(id -> !inStream.contains(id)).sorted().toList();
            out.printf("  %s: stream %,d, sink %,d%n", subject, streamTally.count(subject), sinkTally.count(subject));
            print(out, "missing", missingIds);
            print(out, "duplicated", duplicatedIds);
            print(out, "not in the stream", extraIds);
            missing += missingIds.size();
            duplicated += duplicatedIds.size();
            extra += extraIds.size();
        }
        if (stream.notTelemetry() > 0) {
            out.printf("  (%,d messages in the stream are not telemetry: the drains dead-letter them)%n",
                    stream.notTelemetry());
        }
        boolean match = differing.isEmpty();
        out.printf("%s: %s%n", sink.name(), match
                ? "OK, count and CRC32 of message ids match on every subject"
                : "MISMATCH: " + missing + " missing, " + duplicated + " duplicated, " + extra + " not in the stream");
        return match;
    }

    private void print(PrintStream out, String what, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>(ids.subList(0, Math.min(show, ids.size())));
        if (ids.size() > show) {
            shown.add("... (" + (ids.size() - show) + " more)");
        }
        out.printf("    %s: %s%n", what, String.join(" ", shown));
    }
}
