package io.iiot.gateway.testing;

import static org.awaitility.Awaitility.await;

import io.iiot.gateway.jetstream.JetStreamProvisioner;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The edge-to-cloud topology of {@code config/nats/}, run on free loopback ports: a three-node cloud cluster
 * ({@code cloud.conf}) and one edge server per site ({@code edge.conf}) whose leaf-node link to the cloud runs
 * through a {@link LinkProxy} that a test cuts and restores.
 *
 * <p>Every server gets its settings the way an operator gives them, as environment variables, with random
 * passwords per run. {@link #provision()} then creates the streams as the gateways do at start-up.
 */
public final class SiteTopology implements AutoCloseable {

    /** The organisation of the shipped files. */
    public static final String ORG = "acme";
    /** The sites of the shipped files. */
    public static final List<String> SITES = List.of("munich", "berlin");
    /** The cloud users of {@code accounts-cloud.conf} with a password variable. */
    public static final List<String> CLOUD_USERS = List.of("cloud-gateway", "operator", "viewer");

    private static final Path NATS_DIR = ProjectPaths.baseDir().resolve("config").resolve("nats");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final List<NatsNode> cloud = new ArrayList<>();
    private final Map<String, NatsNode> edges = new LinkedHashMap<>();
    private final Map<String, LinkProxy> links = new LinkedHashMap<>();
    private final List<Integer> leafPorts;

    /** Allocates ports and writes nothing yet; {@link #start()} runs it. */
    public SiteTopology() {
        SecureRandom random = new SecureRandom();
        CLOUD_USERS.forEach(user -> passwords.put(user, password(random)));
        SITES.forEach(site -> {
            passwords.put("leaf-" + site, password(random));
            passwords.put("gateway@" + site, password(random));
        });
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(new int[]{FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next()});
        }
        String routes = ports.stream().map(p -> "nats://" + FreePorts.LOOPBACK + ":" + p[2])
                .collect(Collectors.joining(", ", "[", "]"));
        for (int i = 0; i < 3; i++) {
            int[] p = ports.get(i);
            Map<String, String> env = new LinkedHashMap<>(secretsOfCloud());
            env.put("NATS_CLUSTER_PORT", Integer.toString(p[2]));
            env.put("NATS_LEAF_PORT", Integer.toString(p[3]));
            env.put("NATS_ROUTES", routes);
            // a cloud node tells the edges where to reach it again; here that is a port nothing listens on, so
            // that each edge keeps to its own link (the proxy) and cutting that link really cuts the site off
            env.put("NATS_LEAF_ADVERTISE", FreePorts.LOOPBACK + ":" + FreePorts.next());
            // a limit on reservations, not an allocation: the cloud streams reserve 120 GB with max_bytes
            env.put("NATS_MAX_FILE_STORE", "1TB");
            cloud.add(new NatsNode("cloud-" + (i + 1), NATS_DIR.resolve("cloud.conf"), p[0], p[1], env));
        }
        leafPorts = ports.stream().map(p -> p[3]).toList();
        for (String site : SITES) {
            LinkProxy link = new LinkProxy(site + "-cloud", leafPorts);
            links.put(site, link);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("NATS_SITE", site);
            env.put("NATS_SITE_SUBJECTS", ORG + "." + site + ".>");
            env.put("NATS_HUB_URLS", "[nats://leaf-" + site + ":" + passwords.get("leaf-" + site) + "@"
                    + FreePorts.LOOPBACK + ":" + link.port() + "]");
            env.put("NATS_GATEWAY_PASSWORD", passwords.get("gateway@" + site));
            env.put("NATS_MAX_FILE_STORE", "64GB");
            edges.put(site, new NatsNode("edge-" + site, NATS_DIR.resolve("edge.conf"), FreePorts.next(),
                    FreePorts.next(), env));
        }
    }

    /** Starts the cloud cluster (its three nodes together), then the edges, and waits until every leaf link is up. */
    public void start() {
        try {
            List<ServerProcess> launched = cloud.stream().map(NatsNode::launchIfStopped).toList();
            for (int i = 0; i < cloud.size(); i++) {
                cloud.get(i).awaitReady(launched.get(i));
            }
            edges.values().forEach(NatsNode::start);
            SITES.forEach(this::awaitLinkUp);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Creates the streams as the gateways do at start-up: the cloud gateway's from
     * {@code config/nats/jetstream/cloud/}, each site gateway's from {@code config/jetstream/} with the site's
     * mirror of {@code MACHINE_CONFIG} ({@code config/nats/jetstream/edge/}) in place of the local bucket, as
     * {@code docker/compose.yaml} mounts them.
     *
     * @return what provisioning did, per server (cloud first, then the sites in order)
     */
    public List<List<JetStreamProvisioner.Provisioned>> provision() throws IOException, InterruptedException {
        List<List<JetStreamProvisioner.Provisioned>> results = new ArrayList<>();
        try (Connection connection = connectCloud("cloud-gateway")) {
            results.add(new JetStreamProvisioner(connection.jetStreamManagement(), UnaryOperator.identity())
                    .provision(NATS_DIR.resolve("jetstream").resolve("cloud")));
        }
        Path siteFiles = siteJetStreamDir();
        for (String site : SITES) {
            try (Connection connection = connectEdge(site)) {
                results.add(new JetStreamProvisioner(connection.jetStreamManagement(), placeholders(site))
                        .provision(siteFiles));
            }
        }
        return results;
    }

    /**
     * A site gateway's {@code jetstream/} directory: {@code config/jetstream/} with the files of
     * {@code config/nats/jetstream/edge/} over those of the same name.
     */
    public static Path siteJetStreamDir() throws IOException {
        Path dir = TempDirs.create("site-jetstream");
        for (Path source : List.of(ProjectPaths.baseDir().resolve("config").resolve("jetstream"),
                NATS_DIR.resolve("jetstream").resolve("edge"))) {
            try (var files = Files.list(source)) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    /** Resolves the placeholders of {@code config/jetstream/} for a site's gateway. */
    public static UnaryOperator<String> placeholders(String site) {
        return text -> text.replace("{{gateway.org}}", ORG).replace("{{gateway.site}}", site);
    }

    /** Returns cloud node {@code i} (0 to 2). */
    public NatsNode cloud(int i) {
        return cloud.get(i);
    }

    /** Returns the edge server of a site. */
    public NatsNode edge(String site) {
        return edges.get(site);
    }

    /** Returns the leaf link of a site, to cut and restore. */
    public LinkProxy link(String site) {
        return links.get(site);
    }

    /** Returns the leaf-node port of cloud node {@code i}, where sites' edge servers log in. */
    public int leafPort(int i) {
        return leafPorts.get(i);
    }

    /**
     * Returns the password of a cloud user, a leaf user ({@code leaf-<site>}) or a gateway ({@code gateway@<site>}).
     */
    public String password(String user) {
        return passwords.get(user);
    }

    /** Returns the comma list of the cloud nodes' client URLs. */
    public String cloudUrls() {
        return cloud.stream().map(NatsNode::url).collect(Collectors.joining(","));
    }

    /** Connects to the cloud cluster as {@code user}. */
    public Connection connectCloud(String user) throws IOException, InterruptedException {
        return connect(cloudUrls(), user, passwords.get(user));
    }

    /** Connects to a site's edge server as its gateway. */
    public Connection connectEdge(String site) throws IOException, InterruptedException {
        return connect(edge(site).url(), "gateway", passwords.get("gateway@" + site));
    }

    /** Waits until the site's edge server reports its leaf-node connection to the cloud. */
    public void awaitLinkUp(String site) {
        await("leaf link of " + site + " up").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> edge(site).monitor("/leafz").contains("\"account\""));
    }

    /** Waits until the site's edge server reports that its leaf-node connection is gone. */
    public void awaitLinkDown(String site) {
        await("leaf link of " + site + " down").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !edge(site).monitor("/leafz").contains("\"account\""));
    }

    @Override
    public void close() {
        links.values().forEach(LinkProxy::close);
        edges.values().forEach(NatsNode::close);
        cloud.forEach(NatsNode::close);
    }

    private Map<String, String> secretsOfCloud() {
        Map<String, String> env = new LinkedHashMap<>();
        CLOUD_USERS.forEach(user -> env.put(variable(user), passwords.get(user)));
        SITES.forEach(site -> env.put(variable("leaf-" + site), passwords.get("leaf-" + site)));
        return env;
    }

    /** The environment variable holding a cloud user's password: {@code leaf-munich -> NATS_LEAF_MUNICH_PASSWORD}. */
    static String variable(String user) {
        return "NATS_" + user.toUpperCase().replace('-', '_') + "_PASSWORD";
    }

    private static Connection connect(String urls, String user, String password)
            throws IOException, InterruptedException {
        Options options = new Options.Builder().servers(urls.split(",")).userInfo(user, password)
                .connectionTimeout(CONNECT_TIMEOUT).maxReconnects(-1).reconnectWait(Duration.ofMillis(250))
                .build();
        return Nats.connect(options);
    }

    private static String password(SecureRandom random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        // nats-server parses a variable's value: one starting with a digit would be read as a number
        return "pw" + HexFormat.of().formatHex(bytes);
    }
}
