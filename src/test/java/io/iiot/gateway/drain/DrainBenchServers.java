package io.iiot.gateway.drain;

import io.iiot.gateway.drain.bench.DrainBenchCommand;
import io.iiot.gateway.testing.CassandraNode;
import io.iiot.gateway.testing.NatsServer;
import io.iiot.gateway.testing.PostgresServer;
import io.iiot.gateway.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * {@code make bench-drain}: starts nats-server, PostgreSQL 15 and a Cassandra 5 node on free loopback ports (the test
 * fixtures), runs {@code bench drain} against them with the given arguments, and stops them.
 */
public final class DrainBenchServers {

    private DrainBenchServers() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sinks = List.of(args).contains("--sink")
                ? List.of(args[List.of(args).indexOf("--sink") + 1])
                : List.of("greenplum", "cassandra");
        List<TestServer> started = new ArrayList<>();
        int status;
        try {
            NatsServer nats = TestServer.started(NatsServer.builder().build());
            started.add(nats);
            List<String> command = new ArrayList<>(List.of(args));
            command.addAll(List.of("--nats-url", nats.url()));
            if (sinks.contains("greenplum")) {
                PostgresServer postgres = TestServer.started(new PostgresServer());
                started.add(postgres);
                command.addAll(List.of("--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", postgres.user()));
            }
            if (sinks.contains("cassandra")) {
                CassandraNode node = TestServer.started(new CassandraNode());
                started.add(node);
                command.addAll(List.of("--cassandra", node.host() + ":" + node.port()));
            }
            status = new CommandLine(new DrainBenchCommand()).execute(command.toArray(String[]::new));
        } finally {
            started.forEach(TestServer::close);
        }
        System.exit(status);
    }
}
