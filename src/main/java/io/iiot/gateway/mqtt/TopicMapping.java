package io.iiot.gateway.mqtt;

import io.iiot.gateway.namespace.Token;
import java.util.Objects;

/**
 * How the messages of one topic filter become telemetry: which topic levels name the machine, sensor and metric,
 * how the payload is read, and what a payload without a timestamp gets.
 *
 * @param template the topic with named levels, e.g. {@code plant/{machine}/{sensor}/{metric}}
 * @param format how the payload is read
 * @param arrivalTime true: a reading without a timestamp is stamped with its arrival time; false: it is dead-lettered
 * @param qos the subscription's QoS (0, 1 or 2)
 * @param sharedGroup the MQTT 5 shared-subscription group, or null for an ordinary subscription
 * @param sensor the sensor token when the topic does not name one, or null
 * @param metric the metric path when the topic does not name one (format {@code reading} only), or null
 */
public record TopicMapping(TopicTemplate template, PayloadFormat format, boolean arrivalTime, int qos,
        String sharedGroup, Token sensor, String metric) {

    public TopicMapping {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(format, "format");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos is 0, 1 or 2, got " + qos);
        }
        if (sharedGroup != null && !sharedGroup.matches("[^/+#]+")) {
            throw new IllegalArgumentException("shared-group '" + sharedGroup + "' must not contain / + or #");
        }
        if (!template.names("sensor") && sensor == null) {
            throw new IllegalArgumentException(
                    "the topic '" + template + "' names no {sensor}: give the sensor with 'sensor:'");
        }
        if (format == PayloadFormat.READING) {
            if (!template.names("machine")) {
                throw new IllegalArgumentException("the topic '" + template + "' names no {machine}");
            }
            if (!template.names("metric") && metric == null) {
                throw new IllegalArgumentException(
                        "the topic '" + template + "' names no {metric}: give the metric with 'metric:'");
            }
        } else if (template.names("metric") || metric != null) {
            throw new IllegalArgumentException("a multi-metric message names its metrics in 'items', not in the topic");
        }
    }

    /** The filter to subscribe to: {@code $share/{group}/{filter}} for a shared subscription. */
    public String subscription() {
        return sharedGroup == null ? template.filter() : "$share/" + sharedGroup + "/" + template.filter();
    }
}
