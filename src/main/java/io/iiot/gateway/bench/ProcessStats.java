package io.iiot.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a bench reads about the processes it started, from {@code /proc} (Linux; elsewhere NaN). */
final class ProcessStats {

    private ProcessStats() {
    }

    /** CPU time (user and system) the process has used so far, in seconds (clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The process's resident memory in MiB. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux
        }
        return Double.NaN;
    }
}
