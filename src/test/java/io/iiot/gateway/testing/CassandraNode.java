package io.iiot.gateway.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One Apache Cassandra 5.0 node in a forked Java 17 JVM, on free loopback ports, with its data in a
 * temporary directory.
 *
 * <p>The node runs from the classpath of {@code cassandra-all}, which is kept off the test classpath: the
 * small pom {@code src/test/cassandra/pom.xml} resolves it into {@code target/cassandra.classpath}, and this
 * fixture runs that resolution itself when the file is missing. Java 17 is taken from {@code JAVA17_HOME},
 * else the running JVM when it is a Java 17, else {@value #DEFAULT_JAVA17_HOME}.
 *
 * <p>It is ready once the DataStax driver can connect and read {@code system.local}. Tests normally share
 * one node for the whole run through {@link CassandraExtension}.
 */
public final class CassandraNode extends LocalServer {

    /** The data center the node belongs to, which driver sessions must name as local. */
    public static final String LOCAL_DATACENTER = "datacenter1";

    private static final String DEFAULT_JAVA17_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
    private static final Duration CLASSPATH_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** Heap and GC sized for a 2-core test machine rather than for production; an OutOfMemoryError ends the node. */
    private static final List<String> MEMORY_OPTIONS = List.of(
            "-Xms128m", "-Xmx768m", "-Xss256k", "-XX:+ExitOnOutOfMemoryError",
            "-XX:+UseG1GC", "-XX:MaxTenuringThreshold=1",
            "-XX:ParallelGCThreads=2", "-XX:ConcGCThreads=1", "-XX:MaxDirectMemorySize=256m");

    /** The module and Netty options from Cassandra 5.0's {@code conf/jvm17-server.options}. */
    private static final List<String> JAVA17_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private final int nativePort;
    private final int storagePort = FreePorts.next();
    private final int sslStoragePort = FreePorts.next();
    private CqlSession session;

    /** A node on free loopback ports. */
    public CassandraNode() {
        this(FreePorts.next());
    }

    private CassandraNode(int nativePort) {
        super(TempDirs.create("cassandra-" + nativePort));
        this.nativePort = nativePort;
    }

    @Override
    protected ServerProcess launch() {
        List<String> classpath = classpath();
        writeConfig();
        List<String> command = new ArrayList<>();
        if (ServerProcess.runningAsRoot()) {
            // As root, Cassandra's mlockall would pin the whole committed heap in memory.
            command.addAll(List.of("setpriv", "--bounding-set", "-ipc_lock"));
        }
        command.add(javaExecutable().toString());
        command.addAll(MEMORY_OPTIONS);
        command.addAll(JAVA17_OPTIONS);
        classpath.stream().filter(jar -> jar.contains("/jamm-")).findFirst()
                .ifPresent(jamm -> command.add("-javaagent:" + jamm));
        command.addAll(List.of(
                "-Djava.net.preferIPv4Stack=true",
                "-Dcassandra.config=" + dir.resolve("cassandra.yaml").toUri(),
                "-Dcassandra-foreground=yes",
                "-Dcassandra.storagedir=" + dir,
                "-Dcassandra.logdir=" + dir.resolve("logs"),
                "-Dcassandra.triggers_dir=" + triggersDir(),
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", String.join(":", classpath),
                "org.apache.cassandra.service.CassandraDaemon"));
        return ServerProcess.launch("cassandra", nativePort, command);
    }

    @Override
    protected void awaitReady(ServerProcess launched) {
        launched.awaitReady(READY_TIMEOUT, this::connect);
    }

    @Override
    protected void releaseClients() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Returns the address clients connect to, {@code 127.0.0.1}. */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    /** Returns the CQL native transport port. */
    public int port() {
        return nativePort;
    }

    /** Returns the contact point for the driver: {@link #host()} and {@link #port()}. */
    public InetSocketAddress contactPoint() {
        return new InetSocketAddress(host(), port());
    }

    /** Returns the local data center name for driver sessions, {@value #LOCAL_DATACENTER}. */
    public String localDatacenter() {
        return LOCAL_DATACENTER;
    }

    /**
     * Returns a session builder for this node: its contact point, local data center, and request timeouts
     * long enough for schema changes on a small machine. Add a keyspace, then build.
     */
    public CqlSessionBuilder sessionBuilder() {
        return CqlSession.builder()
                .addContactPoint(contactPoint())
                .withLocalDatacenter(LOCAL_DATACENTER)
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, REQUEST_TIMEOUT)
                        .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, REQUEST_TIMEOUT)
                        .build());
    }

    /**
     * Returns a session without a keyspace, shared by all tests and closed with the node. Do not close it;
     * build your own with {@link #sessionBuilder()} for a keyspace or other settings.
     */
    public synchronized CqlSession session() {
        if (session == null) {
            throw new IllegalStateException("the Cassandra node is not running");
        }
        return session;
    }

    /** Connects and reads {@code system.local}; the first session that succeeds becomes the shared one. */
    private void connect() {
        CqlSession candidate = sessionBuilder().build();
        try {
            candidate.execute("SELECT release_version FROM system.local").one().getString("release_version");
        } catch (RuntimeException e) {
            candidate.close();
            throw e;
        }
        synchronized (this) {
            session = candidate;
        }
    }

    private Path triggersDir() {
        return dir.resolve("triggers");
    }

    private static List<String> classpath() {
        Path file = ProjectPaths.target().resolve("cassandra.classpath");
        if (!Files.exists(file)) {
            Path pom = ProjectPaths.baseDir().resolve("src/test/cassandra/pom.xml");
            ServerProcess.run(ProjectPaths.target().resolve("cassandra-classpath.log"), CLASSPATH_TIMEOUT,
                    List.of("mvn", "-q", "-B", "-f", pom.toString(), "dependency:build-classpath",
                            "-Dmdep.outputFile=" + file));
        }
        try {
            return Arrays.asList(Files.readString(file).trim().split(":"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path javaExecutable() {
        String java17Home = System.getenv("JAVA17_HOME");
        if (java17Home != null && !java17Home.isBlank()) {
            return Path.of(java17Home, "bin", "java");
        }
        if (Runtime.version().feature() == 17) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        return Path.of(DEFAULT_JAVA17_HOME, "bin", "java");
    }

    private void writeConfig() {
        String yaml = String.join(System.lineSeparator(),
                "cluster_name: iiot-gateway-test",
                "num_tokens: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + FreePorts.LOOPBACK + ":" + storagePort + "\"",
                "listen_address: " + FreePorts.LOOPBACK,
                "rpc_address: " + FreePorts.LOOPBACK,
                "storage_port: " + storagePort,
                "ssl_storage_port: " + sslStoragePort,
                "start_native_transport: true",
                "native_transport_port: " + nativePort,
                "data_file_directories:",
                "  - " + dir.resolve("data"),
                "commitlog_directory: " + dir.resolve("commitlog"),
                "saved_caches_directory: " + dir.resolve("saved_caches"),
                "hints_directory: " + dir.resolve("hints"),
                "cdc_raw_directory: " + dir.resolve("cdc_raw"),
                "endpoint_snitch: SimpleSnitch",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "commitlog_segment_size: 8MiB",
                "authenticator: AllowAllAuthenticator",
                "authorizer: AllowAllAuthorizer",
                "auto_snapshot: false",
                "memtable_heap_space: 64MiB",
                "memtable_offheap_space: 64MiB",
                "key_cache_size: 8MiB",
                "counter_cache_size: 4MiB",
                "prepared_statements_cache_size: 8MiB",
                "file_cache_size: 32MiB",
                "networking_cache_size: 16MiB",
                "index_summary_capacity: 8MiB",
                "concurrent_reads: 8",
                "concurrent_writes: 8",
                "concurrent_counter_writes: 8",
                "concurrent_compactors: 1",
                "");
        String logback = String.join(System.lineSeparator(),
                "<configuration>",
                "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
                "  </appender>",
                "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>",
                "</configuration>",
                "");
        try {
            Files.createDirectories(triggersDir());
            Files.writeString(dir.resolve("cassandra.yaml"), yaml);
            Files.writeString(dir.resolve("logback.xml"), logback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration in " + dir, e);
        }
    }
}
