package io.iiot.gateway.drain.bench;

import io.iiot.gateway.drain.DrainBatch;
import io.iiot.gateway.drain.Sink;
import io.iiot.gateway.drain.SinkStatus;
import io.iiot.gateway.drain.SinkUnavailableException;
import java.util.ArrayList;
import java.util.List;

/** A sink that records how long each batch took to write (fetch-to-commit minus the fetch), for the bench. */
final class TimedSink implements Sink {

    private final Sink sink;
    private final List<Double> millis = new ArrayList<>();

    TimedSink(Sink sink) {
        this.sink = sink;
    }

    @Override
    public String name() {
        return sink.name();
    }

    @Override
    public void write(DrainBatch batch) throws SinkUnavailableException {
        long start = System.nanoTime();
        sink.write(batch);
        double took = (System.nanoTime() - start) / 1e6;
        synchronized (millis) {
            millis.add(took);
        }
    }

    /** The given percentile of batch write times, in milliseconds. */
    double percentile(double p) {
        synchronized (millis) {
            if (millis.isEmpty()) {
                return 0;
            }
            List<Double> sorted = new ArrayList<>(millis);
            sorted.sort(null);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
        }
    }

    @Override
    public SinkStatus status() {
        return sink.status();
    }

    @Override
    public void close() {
        sink.close();
    }
}
