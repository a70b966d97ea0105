package io.iiot.gateway.drain;

/**
 * A database a drain writes into. {@link #write} commits every message of the batch it does not
 * {@linkplain DrainBatch#reject reject}, exactly once however often a message is delivered, and returns only
 * after the commit; the drain acknowledges after it returns.
 */
public interface Sink extends AutoCloseable {

    /** Short name: {@code cassandra} or {@code greenplum}. */
    String name();

    /**
     * Writes a batch.
     *
     * @throws SinkUnavailableException when the database cannot be written at all; nothing about the messages is
     *         wrong, and the drain retries the same batch until the database is back
     */
    void write(DrainBatch batch) throws SinkUnavailableException;

    /** The sink's state as its last attempt found it. */
    SinkStatus status();

    @Override
    void close();

    /**
     * The sink of a drain whose connection key is empty: every write fails as unavailable, naming the key, so a
     * drain started anyway keeps its messages instead of losing them.
     */
    static Sink notConfigured(String name, String key) {
        SinkStatus status = new SinkStatus(name);
        return new Sink() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void write(DrainBatch batch) throws SinkUnavailableException {
                IllegalStateException cause = new IllegalStateException(key + " is empty");
                status.down(cause.getMessage());
                throw new SinkUnavailableException(name, cause);
            }

            @Override
            public SinkStatus status() {
                return status;
            }

            @Override
            public void close() {
            }
        };
    }
}
