package io.iiot.gateway.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every key of a KV bucket and hands each change to a {@link Listener}: first the current value of every
 * key, then every put and delete as it happens. jnats re-subscribes after a NATS reconnect, so a change made while
 * the gateway was away from NATS arrives when it is back.
 */
public final class KvWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KvWatcher.class);

    private final String bucket;
    private final NatsKeyValueWatchSubscription subscription;

    private KvWatcher(String bucket, NatsKeyValueWatchSubscription subscription) {
        this.bucket = bucket;
        this.subscription = subscription;
    }

    /**
     * Starts watching and waits, at most {@code initialWait}, until the current values have been delivered, so that
     * what the bucket holds applies from the first reading on.
     *
     * @throws IllegalStateException naming the bucket when it does not exist or cannot be watched
     */
    public static KvWatcher start(Connection connection, String bucket, Listener listener, Duration initialWait) {
        CountDownLatch current = new CountDownLatch(1);
        KeyValueWatcher watcher = new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                try {
                    if (entry.getOperation() == KeyValueOperation.PUT) {
                        listener.put(entry.getKey(), entry.getRevision(), entry.getValue());
                    } else {
                        listener.deleted(entry.getKey(), entry.getRevision());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("KV {} key {} revision {}: {}", bucket, entry.getKey(), entry.getRevision(),
                            e.toString());
                }
            }

            @Override
            public void endOfData() {
                current.countDown();
            }
        };
        try {
            NatsKeyValueWatchSubscription subscription = connection.keyValue(bucket).watchAll(watcher);
            if (!current.await(initialWait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("KV {}: current values not read within {} ms; they apply as they arrive", bucket,
                        initialWait.toMillis());
            }
            return new KvWatcher(bucket, subscription);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot watch KV bucket " + bucket + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting to watch KV bucket " + bucket, e);
        }
    }

    @Override
    public void close() {
        subscription.unsubscribe();
    }

    @Override
    public String toString() {
        return "KvWatcher[" + bucket + "]";
    }

    /** Receives the changes of a bucket, on a jnats thread, one at a time. */
    public interface Listener {

        /** A key was put (or is there when the watch starts). */
        void put(String key, long revision, byte[] value);

        /** A key was deleted or purged. */
        void deleted(String key, long revision);
    }
}
