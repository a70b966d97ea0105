package io.iiot.gateway.bench;

import io.iiot.gateway.drain.bench.DrainBenchCommand;
import picocli.CommandLine.Command;

/**
 * {@code bench SCENARIO}: each scenario starts what it needs on free loopback ports, runs a bounded load, stops
 * what it started, prints a table and, as its last line on standard output, one {@link BenchResult} as JSON, and
 * rewrites its section of {@code docs/benchmarks.md} ({@link BenchmarksDoc}).
 */
@Command(name = "bench", description = "Run a benchmark scenario and update docs/benchmarks.md.",
        mixinStandardHelpOptions = true,
        subcommands = {OpcUaBench.class, MqttBenchCommand.class, DrainBenchCommand.class})
public final class BenchCommand {
}
