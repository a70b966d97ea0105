/**
 * Real servers for integration tests, run as local processes on free loopback ports, each with a JUnit 5
 * extension to register with {@code @RegisterExtension}:
 * <ul>
 *   <li>{@link io.iiot.gateway.testing.NatsServerExtension}: nats-server with JetStream;</li>
 *   <li>{@link io.iiot.gateway.testing.MqttBrokerExtension}: mosquitto, for MQTT 5;</li>
 *   <li>{@link io.iiot.gateway.testing.PostgresServerExtension}: PostgreSQL 15 with a {@code gateway} database;</li>
 *   <li>{@link io.iiot.gateway.testing.CassandraExtension}: one Cassandra 5.0 node shared by the whole run.</li>
 * </ul>
 * Each server's output goes to {@code target/servers/<name>-<port>.log}; {@link io.iiot.gateway.testing.ServerProcess}
 * starts, probes and stops them all, and stops whatever is left when the JVM exits.
 */
package io.iiot.gateway.testing;
