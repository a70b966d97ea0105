package io.iiot.gateway.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives tests the one {@link CassandraNode} of the test run: the first test class that registers this
 * extension starts it, every later one shares it, and it is closed when the whole run ends (it lives in the
 * root {@link ExtensionContext.Store}, which closes its {@link AutoCloseable} values).
 * <pre>{@code
 * @RegisterExtension
 * static final CassandraExtension CASSANDRA = new CassandraExtension();
 *
 * @Test
 * void stores() {
 *     CASSANDRA.session().execute("CREATE KEYSPACE IF NOT EXISTS ...");
 *     try (CqlSession ks = CASSANDRA.node().sessionBuilder().withKeyspace("telemetry").build()) { ... }
 * }
 * }</pre>
 * Keyspaces and tables outlive a test class: give each class its own keyspace.
 */
public final class CassandraExtension implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
            .create(CassandraExtension.class);

    private CassandraNode node;

    @Override
    public void beforeAll(ExtensionContext context) {
        node = sharedNode(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        node = sharedNode(context);
    }

    /**
     * Returns the running node.
     *
     * @throws IllegalStateException outside a test class or test that the extension serves
     */
    public CassandraNode node() {
        if (node == null) {
            throw new IllegalStateException("no Cassandra node: register CassandraExtension with @RegisterExtension");
        }
        return node;
    }

    /** Returns the node's shared session, which has no keyspace; do not close it. */
    public CqlSession session() {
        return node().session();
    }

    private static CassandraNode sharedNode(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(CassandraNode.class, key -> TestServer.started(new CassandraNode()),
                        CassandraNode.class);
    }
}
