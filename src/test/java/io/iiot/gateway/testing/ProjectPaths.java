package io.iiot.gateway.testing;

import java.nio.file.Path;

/** Locates the Maven project the tests run in, from Maven as from an IDE. */
final class ProjectPaths {

    private ProjectPaths() {
    }

    /**
     * Returns the project's base directory: the {@code basedir} property that Surefire and Failsafe set,
     * else the working directory (an IDE runs tests from the project root).
     */
    static Path baseDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    /** Returns the build output directory {@code target}. */
    static Path target() {
        return baseDir().resolve("target");
    }
}
