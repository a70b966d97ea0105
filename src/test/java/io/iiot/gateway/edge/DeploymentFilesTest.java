package io.iiot.gateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker/compose.yaml} and {@code docker/Dockerfile} checked against {@code config/nats/} and the gateway's
 * configuration keys as far as files can be checked without a Docker engine (there is none on the build
 * machines): every NATS service runs a file that exists with every variable it refers to, and the real
 * {@code nats-server} accepts it with that environment; leaf links point at the cloud's leaf port with a leaf user
 * the cloud has; every site is a source of the cloud's TELEMETRY; the gateways reach a NATS service as a user that
 * exists there and set only keys the gateway has.
 */
class DeploymentFilesTest {

    private static final Path COMPOSE = Path.of("docker", "compose.yaml");
    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Path NATS_DIR = Path.of("config", "nats");
    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)[^}]*}");
    private static final Pattern CONF_VARIABLE = Pattern.compile("(?<![\"\\w])\\$([A-Z][A-Z0-9_]*)");
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*include\\s+(\\S+)");
    private static final Pattern USER = Pattern.compile("user:\\s*([\\w-]+)");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        // compose's ${VAR} interpolation, with a stand-in value per variable (as from config/secrets.env)
        String text = COMPOSE_VARIABLE.matcher(Files.readString(COMPOSE))
                .replaceAll(m -> "pw" + m.group(1).toLowerCase().replace("_", ""));
        Map<String, Object> compose = new Yaml().load(text);
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new HashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> service, String key) {
        return (List<String>) service.getOrDefault(key, List.of());
    }

    /** The NATS services: name to the configuration file they run, resolved through their volume. */
    private static Map<String, Path> natsServices() throws IOException {
        Map<String, Path> files = new HashMap<>();
        services().forEach((name, service) -> {
            List<String> command = list(service, "command");
            int config = command.indexOf("-c");
            if (String.valueOf(service.get("image")).startsWith("nats:") && config >= 0) {
                files.put(name, hostPath(service, command.get(config + 1)));
            }
        });
        return files;
    }

    /** Maps a path inside a container to the project file its bind mount shows there. */
    private static Path hostPath(Map<String, Object> service, String containerPath) {
        for (String volume : list(service, "volumes")) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith(".") && containerPath.equals(parts[1])) {
                return COMPOSE.getParent().resolve(parts[0]).normalize();
            }
            if (parts[0].startsWith(".") && containerPath.startsWith(parts[1] + "/")) {
                return COMPOSE.getParent().resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1))
                        .normalize();
            }
        }
        throw new AssertionError("no bind mount shows " + containerPath);
    }

    /** The variables a configuration file and the files it includes refer to. */
    private static Set<String> variablesOf(Path file) throws IOException {
        String text = Files.readString(file).lines().map(line -> line.replaceAll("#.*", ""))
                .collect(Collectors.joining("\n"));
        Set<String> variables = new TreeSet<>();
        Matcher matcher = CONF_VARIABLE.matcher(text);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        Matcher include = INCLUDE.matcher(text);
        while (include.find()) {
            variables.addAll(variablesOf(file.resolveSibling(include.group(1))));
        }
        return variables;
    }

    @Test
    void composeRunsThreeCloudNodesAndOneEdgePerSiteFromTheNatsFiles() throws IOException {
        Map<String, Path> nats = natsServices();
        assertEquals(3, nats.values().stream().filter(f -> f.endsWith("cloud.conf")).count(), nats.toString());
        assertEquals(2, nats.values().stream().filter(f -> f.endsWith("edge.conf")).count(), nats.toString());
        for (Path file : nats.values()) {
            assertTrue(Files.isRegularFile(file), file + " does not exist");
        }
        for (String other : List.of("mosquitto", "postgres", "cassandra", "gateway-cloud")) {
            assertTrue(services().containsKey(other), "no service " + other);
        }
    }

    @Test
    void everyNatsServiceSetsExactlyTheVariablesItsFileUses() throws IOException {
        Map<String, Map<String, Object>> services = services();
        for (Map.Entry<String, Path> nats : natsServices().entrySet()) {
            Set<String> used = variablesOf(nats.getValue());
            Set<String> set = new TreeSet<>(environment(services.get(nats.getKey())).keySet());
            assertEquals(used, set, nats.getKey() + " against " + nats.getValue());
        }
    }

    @Test
    void natsServerAcceptsEveryNatsServiceWithItsEnvironment() throws Exception {
        Map<String, Map<String, Object>> services = services();
        for (Map.Entry<String, Path> nats : natsServices().entrySet()) {
            ProcessBuilder builder = new ProcessBuilder(
                    System.getenv().getOrDefault("NATS_SERVER", "nats-server"), "-t", "-c",
                    nats.getValue().toString()).redirectErrorStream(true);
            builder.environment().putAll(environment(services.get(nats.getKey())));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "nats-server -t timed out");
            assertEquals(0, process.exitValue(), nats.getKey() + ": " + output);
        }
    }

    @Test
    void everySiteLinksToTheCloudLeafPortAsItsLeafUserAndIsASourceOfTheCloudTelemetry() throws IOException {
        Map<String, Map<String, Object>> services = services();
        Map<String, Path> nats = natsServices();
        String accounts = Files.readString(NATS_DIR.resolve("accounts-cloud.conf"));
        String telemetry = Files.readString(NATS_DIR.resolve("jetstream").resolve("cloud").resolve("telemetry.json"));
        Map<String, String> cloudLeafPorts = new HashMap<>();
        nats.forEach((name, file) -> {
            if (file.endsWith("cloud.conf")) {
                cloudLeafPorts.put(name, environment(services.get(name)).get("NATS_LEAF_PORT"));
                assertEquals(name + ":" + environment(services.get(name)).get("NATS_LEAF_PORT"),
                        environment(services.get(name)).get("NATS_LEAF_ADVERTISE"),
                        name + " advertises another address");
            }
        });
        List<String> sites = new ArrayList<>();
        for (Map.Entry<String, Path> edge : nats.entrySet()) {
            if (!edge.getValue().endsWith("edge.conf")) {
                continue;
            }
            Map<String, String> env = environment(services.get(edge.getKey()));
            String site = env.get("NATS_SITE");
            sites.add(site);
            assertEquals("acme." + site + ".>", env.get("NATS_SITE_SUBJECTS"), edge.getKey());
            String urls = env.get("NATS_HUB_URLS");
            List<String> hubs = List.of(urls.substring(1, urls.length() - 1).split("\\s*,\\s*"));
            assertEquals(cloudLeafPorts.size(), hubs.size(), edge.getKey() + " links to every cloud node");
            for (String hub : hubs) {
                URI uri = URI.create(hub);
                assertEquals(cloudLeafPorts.get(uri.getHost()), Integer.toString(uri.getPort()), hub);
                assertEquals("leaf-" + site, uri.getUserInfo().split(":")[0], hub);
            }
            assertTrue(accounts.contains("user: leaf-" + site), "accounts-cloud.conf has no leaf-" + site);
            assertTrue(accounts.contains("\"acme." + site + ".>\""), "leaf-" + site + " may not publish its site");
            assertTrue(telemetry.contains("\"$JS." + site + ".API\""), "the cloud TELEMETRY does not source " + site);
        }
        assertEquals(2, sites.size());
    }

    @Test
    void everyGatewayReachesANatsServiceAsAUserItHasAndSetsOnlyKnownKeys() throws IOException {
        Set<String> keys = knownEnvironmentKeys();
        Map<String, Map<String, Object>> services = services();
        Map<String, Path> nats = natsServices();
        int gateways = 0;
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            if (!service.getKey().startsWith("gateway")) {
                continue;
            }
            gateways++;
            Map<String, String> env = environment(service.getValue());
            for (String variable : env.keySet()) {
                assertTrue(keys.contains(variable),
                        service.getKey() + ": " + variable + " sets no key the gateway has");
            }
            for (String server : env.get("NATS_SERVERS").split(",")) {
                URI uri = URI.create(server);
                Path file = nats.get(uri.getHost());
                if (file == null) {
                    fail(service.getKey() + ": " + server + " is not a NATS service");
                }
                assertEquals(environment(services.get(uri.getHost())).get("NATS_PORT"),
                        Integer.toString(uri.getPort()));
                Set<String> users = usersOf(file);
                assertTrue(users.contains(env.get("NATS_USER")), service.getKey() + ": no user " + env.get("NATS_USER")
                        + " in " + file + " " + users);
            }
        }
        assertEquals(3, gateways, "a gateway per site and one in the cloud");
    }

    @Test
    void theCloudGatewayProvisionsTheCloudStreamsAndEachSiteGatewayItsMirror() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertEquals(NATS_DIR.resolve("jetstream").resolve("cloud"),
                hostPath(services.get("gateway-cloud"), "/app/config/jetstream/x").getParent());
        for (String site : List.of("gateway-munich", "gateway-berlin")) {
            Path mirror = hostPath(services.get(site), "/app/config/jetstream/kv-machine-config.json");
            assertTrue(Files.isRegularFile(mirror), site + ": " + mirror);
            assertTrue(Files.readString(mirror).contains("\"mirror\""), site + ": " + mirror + " is no mirror");
            assertTrue(Files.isRegularFile(Path.of("config", "jetstream", "kv-machine-config.json")),
                    "the mounted file replaces none of config/jetstream");
        }
    }

    @Test
    void theImageRunsAsNonRootWithDependenciesInTheirOwnLayerAndAHealthCheck() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        String text = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.matches("USER\\s+(?!root\\b)\\S+")), "no non-root USER");
        int dependencies = indexOf(lines, "/app/lib/");
        int application = indexOf(lines, "/app/iiot-nats-gateway.jar");
        assertTrue(dependencies >= 0 && dependencies < application, "dependencies are not a layer below the jar");
        assertTrue(text.contains("HEALTHCHECK") && text.contains("/observe/health"), "no health check");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher mainClass = Pattern.compile("<mainClass>([\\w.]+)</mainClass>").matcher(pom);
        assertTrue(mainClass.find());
        assertTrue(text.contains("\"" + mainClass.group(1) + "\""), "the image does not run " + mainClass.group(1));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("COPY") && lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static Set<String> usersOf(Path file) throws IOException {
        Set<String> users = new TreeSet<>();
        List<Path> files = new ArrayList<>(List.of(file));
        Matcher include = INCLUDE.matcher(Files.readString(file));
        while (include.find()) {
            files.add(file.resolveSibling(include.group(1)));
        }
        for (Path each : files) {
            Matcher user = USER.matcher(Files.readString(each));
            while (user.find()) {
                users.add(user.group(1));
            }
        }
        return users;
    }

    /** Environment variables that override a key of the gateway's properties files (camel-main's naming). */
    private static Set<String> knownEnvironmentKeys() throws IOException {
        Set<String> variables = new TreeSet<>(Set.of("NATS_USER", "NATS_PASSWORD", "NATS_TOKEN",
                "NATS_CREDENTIALS_FILE", "CASSANDRA_PASSWORD", "GREENPLUM_PASSWORD", "MQTT_PASSWORD"));
        for (Path file : List.of(Path.of("src", "main", "resources", "application.properties"),
                Path.of("config", "application.properties"))) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            properties.stringPropertyNames()
                    .forEach(key -> variables.add(key.toUpperCase().replace('.', '_').replace('-', '_')));
        }
        return variables;
    }
}
