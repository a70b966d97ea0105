package io.iiot.gateway.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.apache.camel.util.AntPathMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live reload of the route directory: a file that is edited, added or removed replaces, adds or removes only its
 * own routes, in sub-directories too (those created later included) when the pattern is recursive; each stops
 * gracefully (its in-flight messages finish, so what a source acknowledges is never lost) and starts again with the
 * new definition.
 *
 * <p>A file Camel cannot load is rejected with one line naming the file and the problem, and the version that
 * ran before keeps running: Camel's own reloader logs a stack trace, and when the new version parses but fails
 * to start (an unknown component, a missing bean) the old routes are already gone; this one puts the last good
 * version of the file back.
 */
public final class RouteFileReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);

    private final Path directory;
    private final GatewayMetrics metrics;
    private final String pattern;
    private final Map<Path, String> lastGood = new ConcurrentHashMap<>();
    private final Set<Path> newDirectories = ConcurrentHashMap.newKeySet();
    private WatchService deletions;

    /**
     * @param directory the route directory
     * @param recursive whether files in sub-directories count too
     * @param pattern file-name pattern of route files, e.g. {@code *.camel.yaml}
     * @param metrics counts reloads applied and rejected
     */
    public RouteFileReloader(Path directory, boolean recursive, String pattern, GatewayMetrics metrics) {
        super(directory.toString(), recursive);
        this.directory = directory.toAbsolutePath().normalize();
        this.metrics = metrics;
        this.pattern = pattern;
        // Camel matches the path below the directory: the file name alone would leave out sub-directories
        setPattern(recursive ? pattern + ",**/" + pattern : pattern);
        setRemoveAllRoutes(false);
    }

    /**
     * The reloader for the route files camel-main loads, from its {@code camel.main.routesIncludePattern}: the
     * first {@code file:} pattern, e.g. {@code file:routes/**}{@code /*.camel.yaml} watches {@code routes}
     * recursively for {@code *.camel.yaml}.
     *
     * @return empty when no pattern names files on disk
     */
    public static Optional<RouteFileReloader> forIncludePattern(String includePattern, GatewayMetrics metrics) {
        for (String pattern : includePattern.split("\\s*,\\s*")) {
            if (!pattern.startsWith("file:")) {
                continue;
            }
            String path = pattern.substring("file:".length());
            int wildcard = path.indexOf('*');
            int slash = path.lastIndexOf('/', wildcard < 0 ? path.length() : wildcard);
            if (slash < 0) {
                continue;
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            return Optional.of(new RouteFileReloader(Path.of(path.substring(0, slash)),
                    path.contains("**"), name, metrics));
        }
        return Optional.empty();
    }

    @Override
    protected void doStart() throws Exception {
        try (Stream<Path> files = isRecursive() ? Files.walk(directory) : Files.list(directory)) {
            AntPathMatcher matcher = new AntPathMatcher();
            for (Path file : files.filter(f -> Files.isRegularFile(f)
                    && matcher.match(pattern, f.getFileName().toString())).toList()) {
                lastGood.put(file.toAbsolutePath().normalize(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        super.doStart();
        watchDeletions();
    }

    /**
     * What Camel's watcher leaves out: a deleted file (it ignores deletions) and, with a recursive pattern, every file
     * of a sub-directory created after start (it watches only the directories that existed then).
     */
    private void watchDeletions() throws IOException {
        deletions = directory.getFileSystem().newWatchService();
        watchDirectory(directory, false);
        Thread watcher = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = deletions.take();
                    Path dir = (Path) key.watchable();
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() != StandardWatchEventKinds.OVERFLOW) {
                            changed(event.kind(), dir, dir.resolve((Path) event.context()));
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // stopped
            }
        }, "RouteFileReloader-deletions");
        watcher.setDaemon(true);
        watcher.start();
    }

    private void changed(WatchEvent.Kind<?> kind, Path dir, Path file) {
        if (kind == StandardWatchEventKinds.ENTRY_DELETE) {
            removed(file);
        } else if (Files.isDirectory(file)) {
            try {
                watchDirectory(file, true);
            } catch (IOException e) {
                LOG.warn("{}: its route files will not be reloaded: {}", file, e.getMessage());
            }
        } else if (newDirectories.contains(dir) && Files.isRegularFile(file)
                && new AntPathMatcher().match(pattern, file.getFileName().toString())) {
            onRouteReload(List.of(ResourceHelper.resolveResource(getCamelContext(), "file:" + file)), false);
        }
    }

    /** Watches {@code dir} (and its sub-directories when recursive); a new one's files are loaded now. */
    private void watchDirectory(Path dir, boolean created) throws IOException {
        if (!isRecursive()) {
            dir.register(deletions, StandardWatchEventKinds.ENTRY_DELETE);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                if (Files.isDirectory(path)) {
                    path.register(deletions, StandardWatchEventKinds.ENTRY_DELETE,
                            StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                    if (created) {
                        newDirectories.add(path);
                    }
                } else if (created) {
                    changed(StandardWatchEventKinds.ENTRY_CREATE, path.getParent(), path);
                }
            }
        }
    }

    /** Stops (gracefully) and removes every route loaded from {@code file}, once. */
    private void removed(Path file) {
        if (lastGood.remove(file) == null) {
            return;
        }
        for (Route route : List.copyOf(getCamelContext().getRoutes())) {
            String location = route.getSourceLocation();
            if (location == null || !location.startsWith("file:")) {
                continue;
            }
            Path source = Path.of(location.substring("file:".length()).replaceFirst(":[0-9]+$", ""));
            if (source.toAbsolutePath().normalize().equals(file)) {
                discard(route.getRouteId());
                LOG.info("{} was removed: route {} stopped and removed", file, route.getRouteId());
            }
        }
        metrics.routeReload(true);
    }

    @Override
    protected void doStop() throws Exception {
        if (deletions != null) {
            deletions.close();
        }
        super.doStop();
    }

    @Override
    protected void onRouteReload(Collection<Resource> changed, boolean removeEverything) {
        // a recursive watch reports deletions too
        changed.stream().filter(resource -> !Files.exists(path(resource))).forEach(r -> removed(path(r)));
        List<Resource> resources = changed.stream().filter(resource -> Files.exists(path(resource))).toList();
        if (resources.isEmpty() || resources.stream().anyMatch(this::emptyFile)) {
            // an editor that truncates before it writes: the write that follows is the change
            return;
        }
        Set<String> runningBefore = running();
        Map<Path, String> loaded = new java.util.HashMap<>();
        resources.forEach(resource -> loaded.put(path(resource), read(path(resource))));
        try {
            super.onRouteReload(resources, false);
            resources.forEach(resource -> remember(resource, loaded.get(path(resource))));
            metrics.routeReload(true);
        } catch (RuntimeException e) {
            String files = resources.stream().map(Resource::getLocation).collect(Collectors.joining(", "));
            LOG.error("{} rejected, the running version stays: {}", files, reason(e));
            metrics.routeReload(false);
            Set<String> lost = new java.util.HashSet<>(runningBefore);
            lost.removeAll(running());
            if (!lost.isEmpty()) {
                lost.forEach(this::discard);
                resources.forEach(this::restore);
            }
        }
    }

    private boolean emptyFile(Resource resource) {
        Path file = path(resource);
        try {
            return Files.exists(file) && Files.size(file) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private Set<String> running() {
        return getCamelContext().getRoutes().stream().map(Route::getRouteId)
                .filter(id -> getCamelContext().getRouteController().getRouteStatus(id) == ServiceStatus.Started)
                .collect(Collectors.toSet());
    }

    /** Removes what is left of a route whose new version failed, so that the old one can take its place. */
    private void discard(String routeId) {
        try {
            getCamelContext().getRouteController().stopRoute(routeId);
            getCamelContext().removeRoute(routeId);
        } catch (Exception e) {
            LOG.debug("route {} could not be removed: {}", routeId, e.toString());
        }
    }

    /**
     * Keeps what was just loaded as the file's last good version, if the file still holds it: when it changed
     * meanwhile, Camel may have loaded either version, and the next event reloads the newer one anyway.
     */
    private void remember(Resource resource, String before) {
        Path file = path(resource);
        String now = read(file);
        if (now == null) {
            lastGood.remove(file);
        } else if (now.equals(before)) {
            lastGood.put(file, now);
        }
    }

    /** The file's content, or null when it is gone or unreadable. */
    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            LOG.warn("{} cannot be read: {}", file, e.getMessage());
            return null;
        }
    }

    private void restore(Resource resource) {
        String content = lastGood.get(path(resource));
        if (content == null) {
            return;
        }
        try {
            PluginHelper.getRoutesLoader(getCamelContext())
                    .updateRoutes(List.of(ResourceHelper.fromString(resource.getLocation(), content)));
            LOG.info("{}: the last good version runs again", resource.getLocation());
        } catch (Exception e) {
            LOG.error("{}: the last good version does not start either: {}", resource.getLocation(), reason(e));
        }
    }

    private Path path(Resource resource) {
        String location = resource.getLocation().replaceFirst("^file:", "");
        Path file = Path.of(location);
        return (file.isAbsolute() ? file : Path.of("").toAbsolutePath().resolve(file)).normalize();
    }

    /** The deepest cause's message, on one line: YAML errors put the position on their second line. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        return String.join(" ", message.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.equals("^"))
                .limit(2).toList()).replaceAll(":$", "");
    }
}
