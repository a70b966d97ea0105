package io.iiot.gateway.jetstream;

/**
 * A message as it arrived at a source, kept for the dead-letter queue: when the batch it came in fails after its
 * retries, every arrival of the batch is dead-lettered with its own source and bytes.
 *
 * @param source where it came from, e.g. {@code mqtt:tcp://broker:1883|plant/cnc-001/spindle/temperature}
 * @param original what arrived: the payload bytes, or a source object (an OPC-UA value) written as text
 */
public record Arrival(String source, Object original) {
}
