package io.iiot.gateway.testing;

import static org.awaitility.Awaitility.await;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a server as an operating-system process, known by its PID, listening on one loopback port,
 * with its standard output and error in {@code target/servers/<name>-<port>.log}.
 *
 * <p>Every server fixture starts its server through this class, which
 * <ul>
 *   <li>waits for readiness: the port accepts a TCP connection and a protocol-level probe succeeds;</li>
 *   <li>stops the server by PID: SIGTERM, a grace period, then SIGKILL for it and its descendants;</li>
 *   <li>stops every server still running when the JVM exits, from a shutdown hook, and then removes the
 *       servers' temporary directories, so that a test JVM that ends early leaves nothing behind;</li>
 *   <li>puts the tail of the server's log into the message of any start failure.</li>
 * </ul>
 * A restarted server is a new {@code ServerProcess} on the same port, appending to the same log.
 */
public final class ServerProcess {

    /** A protocol-level check that a server answers; it throws while the server is not ready. */
    @FunctionalInterface
    public interface ReadinessProbe {

        /**
         * Checks the server once.
         *
         * @throws Exception when the server is not (yet) ready
         */
        void check() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration TCP_CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int LOG_TAIL_LINES = 40;
    private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServerProcess::stopAllAndCleanUp, "test-server-reaper"));
    }

    private final String name;
    private final int port;
    private final Path log;
    private final ProcessHandle handle;
    private final List<String> stopCommand;
    private final Instant launchedAt;

    private ServerProcess(String name, int port, ProcessHandle handle, List<String> stopCommand, Instant launchedAt) {
        this.name = name;
        this.port = port;
        this.log = logFile(name, port);
        this.handle = handle;
        this.stopCommand = List.copyOf(stopCommand);
        this.launchedAt = launchedAt;
        RUNNING.add(this);
    }

    /**
     * Returns the log file of the server {@code name} on {@code port}: {@code target/servers/<name>-<port>.log}.
     *
     * @param name the server's short name, such as {@code nats}
     * @param port the server's main port
     * @return the log file path; its directory exists
     */
    public static Path logFile(String name, int port) {
        Path dir = ProjectPaths.target().resolve("servers");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir.resolve(name + "-" + port + ".log");
    }

    /**
     * Launches a server that stays in the foreground, as a child of this JVM.
     *
     * @param name    the server's short name, used in the log file name and in messages
     * @param port    the server's main port, probed by {@link #awaitReady}
     * @param command the command line
     * @return the running process; call {@link #awaitReady} next
     */
    public static ServerProcess launch(String name, int port, List<String> command) {
        return launch(name, port, command, Map.of());
    }

    /**
     * Launches a server that stays in the foreground, as a child of this JVM, with extra environment variables
     * (a configuration file's {@code $VARIABLE} references).
     *
     * @param name        the server's short name, used in the log file name and in messages
     * @param port        the server's main port, probed by {@link #awaitReady}
     * @param command     the command line
     * @param environment variables added to this JVM's environment for the server
     * @return the running process; call {@link #awaitReady} next
     */
    public static ServerProcess launch(String name, int port, List<String> command, Map<String, String> environment) {
        Path log = logFile(name, port);
        appendHeader(log, command);
        Instant launchedAt = Instant.now();
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ServerProcess(name, port, process.toHandle(), List.of(), launchedAt);
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * Takes charge of a server that detached itself (a daemon such as the PostgreSQL postmaster).
     *
     * @param name        the server's short name
     * @param port        the server's main port
     * @param pid         the server's PID
     * @param stopCommand a command that shuts the server down cleanly, run before signalling the PID;
     *                    empty to signal only
     * @param launchedAt  when the launch began, for the start time reported on readiness
     * @return the adopted process
     */
    public static ServerProcess adopt(String name, int port, long pid, List<String> stopCommand, Instant launchedAt) {
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(name + " with PID " + pid + " is not running"
                        + tail(logFile(name, port))));
        return new ServerProcess(name, port, handle, stopCommand, launchedAt);
    }

    /**
     * Runs a command to completion, appending its output to {@code log}.
     *
     * @param log     the log file to append to
     * @param timeout how long the command may take
     * @param command the command line
     * @throws IllegalStateException when the command fails or times out; the message has the log's tail
     */
    public static void run(Path log, Duration timeout, List<String> command) {
        appendHeader(log, command);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command)
                        + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("exit code " + process.exitValue() + ": "
                        + String.join(" ", command) + tail(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /**
     * Waits until the port accepts TCP connections and {@code probe} succeeds. When that does not happen
     * within {@code timeout}, or the process exits first, the process is stopped and the failure reported.
     *
     * @param timeout how long the server may take to become ready, counted from now
     * @param probe   the protocol-level check
     * @throws IllegalStateException when the server is not ready in time; the message has the log's tail
     */
    public void awaitReady(Duration timeout, ReadinessProbe probe) {
        try {
            await(name + " on " + address() + " ready")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL_INTERVAL)
                    .ignoreExceptions()
                    .failFast(name + " exited before it was ready", () -> !handle.isAlive())
                    .untilAsserted(() -> {
                        acceptsTcpConnection();
                        probe.check();
                    });
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            stop();
            throw new IllegalStateException(name + " on " + address() + " (PID " + handle.pid()
                    + ") did not become ready: " + e.getMessage() + tail(log), e);
        }
        LOG.info("{} on {} ready in {} ms (PID {}, RSS {} MiB), log {}", name, address(),
                Duration.between(launchedAt, Instant.now()).toMillis(), handle.pid(),
                residentMemoryKiB() / 1024, log);
    }

    /** Returns whether this JVM runs as root, for servers that must not or need not run with its privileges. */
    static boolean runningAsRoot() {
        return new UnixSystem().getUid() == 0;
    }

    /** Returns the server's PID. */
    public long pid() {
        return handle.pid();
    }

    /** Returns the port this server was started on. */
    public int port() {
        return port;
    }

    /** Returns the server's log file. */
    public Path log() {
        return log;
    }

    /** Returns whether the process is still running. */
    public boolean isAlive() {
        return handle.isAlive();
    }

    /**
     * Returns the process's resident set size from {@code /proc/<pid>/status}, or -1 where that is not
     * available.
     */
    public long residentMemoryKiB() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst()
                    .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Stops the server cleanly: the stop command if there is one, then SIGTERM, and SIGKILL for it and
     * its descendants if it has not exited within the grace period. Does nothing when it is not running.
     */
    public void stop() {
        RUNNING.remove(this);
        if (!handle.isAlive()) {
            return;
        }
        if (!stopCommand.isEmpty()) {
            try {
                run(log, STOP_GRACE, stopCommand);
            } catch (IllegalStateException e) {
                LOG.warn("stop command for {} failed, signalling PID {}: {}", name, handle.pid(), e.getMessage());
            }
        }
        handle.destroy();
        if (!exited(handle, STOP_GRACE)) {
            LOG.warn("{} (PID {}) ignored SIGTERM for {}, killing it", name, handle.pid(), STOP_GRACE);
            kill();
        }
    }

    /** Kills the server and its descendants with SIGKILL at once, as a crash would, and waits for them. */
    public void kill() {
        RUNNING.remove(this);
        List<ProcessHandle> tree = new ArrayList<>(handle.descendants().collect(Collectors.toList()));
        tree.add(0, handle);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(process -> exited(process, STOP_GRACE));
    }

    private String address() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    private void acceptsTcpConnection() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePorts.LOOPBACK, port), (int) TCP_CONNECT_TIMEOUT.toMillis());
        }
    }

    private static boolean exited(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void stopAllAndCleanUp() {
        List.copyOf(RUNNING).forEach(ServerProcess::stop);
        TempDirs.deleteAll();
    }

    private static void appendHeader(Path log, List<String> command) {
        String header = "=== " + Instant.now() + " " + String.join(" ", command) + System.lineSeparator();
        try {
            Files.writeString(log, header, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
    }

    /** Returns the last lines of {@code log}, formatted to end an exception message. */
    static String tail(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return System.lineSeparator() + "--- last " + last.size() + " lines of " + log + " ---"
                    + System.lineSeparator() + String.join(System.lineSeparator(), last);
        } catch (IOException e) {
            return System.lineSeparator() + "(no log " + log + ": " + e.getMessage() + ")";
        }
    }
}
