package io.iiot.gateway.opcua;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Client settings of the OPC-UA source ({@code opcua.*}).
 *
 * @param samplingIntervalMs sampling interval of a variable that names none
 * @param publishingIntervalMs longest publishing interval of a subscription: a change the server has sampled waits at
 *        most this long (or its sampling interval, when shorter) before the server sends it
 * @param itemsPerSubscription most monitored items in one subscription
 * @param itemsPerCall most items created in one CreateMonitoredItems call
 * @param reconnectDelayMs wait between two attempts of a first connect
 * @param requestTimeoutMs timeout of one service call
 * @param certificateDir where the client certificate is kept (created on first start)
 * @param trustDir the trust list of server certificates
 */
public record OpcUaSourceSettings(long samplingIntervalMs, long publishingIntervalMs, int itemsPerSubscription,
        int itemsPerCall,
        long reconnectDelayMs, long requestTimeoutMs, Path certificateDir, Path trustDir) {

    public OpcUaSourceSettings {
        positive("samplingIntervalMs", samplingIntervalMs);
        positive("publishingIntervalMs", publishingIntervalMs);
        positive("itemsPerSubscription", itemsPerSubscription);
        positive("itemsPerCall", itemsPerCall);
        positive("reconnectDelayMs", reconnectDelayMs);
        positive("requestTimeoutMs", requestTimeoutMs);
        Objects.requireNonNull(certificateDir, "certificateDir");
        Objects.requireNonNull(trustDir, "trustDir");
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
