package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the variables of one server are spread over subscriptions, and with which publishing interval, queue size
 * and discard policy, so that no change the server samples is lost.
 *
 * <p>Variables with the same sampling interval share subscriptions of at most {@code itemsPerSubscription} items.
 * A subscription publishes at its items' sampling interval, or at {@code maxPublishingIntervalMs} when that is
 * shorter: a slowly sampled value then still reaches the gateway within that time of its sample, and a server that
 * reports changes by exception (as a PLC's native tags often do) is not held back to the sampling interval. Each
 * item's queue holds
 * {@value #QUEUE_SECONDS} seconds of samples (at least {@value #MIN_QUEUE_SIZE}): a server samples a value at most
 * once per sampling interval, so a queue that covers several publishing intervals keeps every sample even when a
 * publish response is late (a pause of the gateway, back-pressure from NATS). When a queue still overflows, the
 * oldest sample is discarded (the newest state is kept) and the server sets the overflow bit, which the gateway
 * counts and logs.
 *
 * @param subscriptions one entry per subscription to create
 */
public record SubscriptionPlan(List<Batch> subscriptions) {

    /** Seconds of samples each monitored item's queue holds. */
    public static final int QUEUE_SECONDS = 2;
    /** Smallest queue size asked for. */
    public static final int MIN_QUEUE_SIZE = 4;

    public SubscriptionPlan {
        subscriptions = List.copyOf(subscriptions);
    }

    /**
     * @param variables the server's variables (those with a node)
     * @param defaultSamplingIntervalMs for variables that name none
     * @param maxPublishingIntervalMs longest publishing interval of a subscription
     * @param itemsPerSubscription most items in one subscription
     */
    public static SubscriptionPlan of(List<Variable> variables, long defaultSamplingIntervalMs,
            long maxPublishingIntervalMs, int itemsPerSubscription) {
        if (itemsPerSubscription < 1) {
            throw new IllegalArgumentException("itemsPerSubscription must be at least 1");
        }
        Map<Long, List<Variable>> byInterval = new TreeMap<>();
        for (Variable variable : variables) {
            if (variable.node().isPresent()) {
                byInterval.computeIfAbsent(variable.samplingIntervalMs(defaultSamplingIntervalMs),
                        k -> new ArrayList<>()).add(variable);
            }
        }
        List<Batch> batches = new ArrayList<>();
        byInterval.forEach((interval, list) -> {
            for (int from = 0; from < list.size(); from += itemsPerSubscription) {
                batches.add(new Batch(Math.min(interval, maxPublishingIntervalMs), interval, queueSize(interval),
                        list.subList(from, Math.min(list.size(), from + itemsPerSubscription))));
            }
        });
        return new SubscriptionPlan(batches);
    }

    /** The queue size for a sampling interval: {@value #QUEUE_SECONDS} seconds of samples, at least 4. */
    public static int queueSize(long samplingIntervalMs) {
        long samples = (QUEUE_SECONDS * 1000L + samplingIntervalMs - 1) / samplingIntervalMs;
        return (int) Math.max(MIN_QUEUE_SIZE, Math.min(samples, 10_000));
    }

    /** Items of all subscriptions. */
    public int items() {
        return subscriptions.stream().mapToInt(b -> b.variables().size()).sum();
    }

    /**
     * One subscription.
     *
     * @param publishingIntervalMs publishing interval asked for
     * @param samplingIntervalMs sampling interval of its items
     * @param queueSize queue size of its items (discard oldest)
     * @param variables its items
     */
    public record Batch(long publishingIntervalMs, long samplingIntervalMs, int queueSize, List<Variable> variables) {

        public Batch {
            variables = List.copyOf(variables);
        }
    }
}
