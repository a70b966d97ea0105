package io.iiot.gateway.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.iiot.gateway.asset.Variable;
import io.iiot.gateway.namespace.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SubscriptionPlanTest {

    private static List<Variable> variables(int count, OptionalLong samplingMs) {
        List<Variable> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new Variable(Token.parse("m"), Optional.of("ns=2;s=v" + i + samplingMs), Token.parse("s" + i),
                    List.of(Token.parse("x")), "", samplingMs, Optional.empty(), Optional.empty(), false));
        }
        return list;
    }

    @Test
    void itemsWithTheSameSamplingIntervalShareSubscriptionsOfBoundedSize() {
        SubscriptionPlan plan = SubscriptionPlan.of(variables(10_000, OptionalLong.empty()), 1000, 1000, 4000);
        assertEquals(List.of(4000, 4000, 2000), plan.subscriptions().stream().map(b -> b.variables().size()).toList());
        assertEquals(10_000, plan.items());
    }

    @Test
    void eachSamplingIntervalGetsItsOwnSubscriptionPublishingAtThatIntervalOrTheLongestAllowed() {
        List<Variable> all = new ArrayList<>(variables(3, OptionalLong.of(100)));
        all.addAll(variables(2, OptionalLong.empty()));
        SubscriptionPlan plan = SubscriptionPlan.of(all, 1000, 250, 5000);
        assertEquals(List.of(100L, 1000L), plan.subscriptions().stream().map(b -> b.samplingIntervalMs()).toList());
        assertEquals(List.of(100L, 250L), plan.subscriptions().stream().map(b -> b.publishingIntervalMs()).toList());
        assertEquals(List.of(20, 4), plan.subscriptions().stream().map(b -> b.queueSize()).toList());
    }

    @Test
    void theQueueHoldsTwoSecondsOfSamplesSoALatePublishLosesNothing() {
        // a 100 ms counter sampled every 100 ms: 20 samples fit, ten times what one publishing interval brings
        assertEquals(20, SubscriptionPlan.queueSize(100));
        assertEquals(4, SubscriptionPlan.queueSize(1000));
        assertEquals(4, SubscriptionPlan.queueSize(60_000));
    }
}
