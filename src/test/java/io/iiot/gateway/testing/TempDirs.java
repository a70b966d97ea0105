package io.iiot.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary directories for server data, removed when the server is closed, or at the latest when the JVM
 * exits (see {@link ServerProcess}).
 */
final class TempDirs {

    private static final Set<Path> CREATED = ConcurrentHashMap.newKeySet();

    private TempDirs() {
    }

    /** Creates a new directory in the system temporary directory, named after {@code prefix}. */
    static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix + "-");
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Deletes {@code dir} and everything in it; does nothing when it does not exist. */
    static void deleteRecursively(Path dir) {
        CREATED.remove(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Deletes every directory created by {@link #create} and not deleted yet, as far as it can. */
    static void deleteAll() {
        for (Path dir : List.copyOf(CREATED)) {
            try {
                deleteRecursively(dir);
            } catch (UncheckedIOException e) {
                System.err.println(e.getMessage() + ": " + e.getCause());
            }
        }
    }
}
