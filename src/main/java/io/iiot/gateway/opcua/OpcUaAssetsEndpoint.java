package io.iiot.gateway.opcua;

import io.iiot.gateway.asset.AssetModel;
import java.nio.file.Path;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Consumes the values of the asset model's OPC-UA variables; see {@link OpcUaAssetsConsumer} for the exchanges.
 * Options are the {@code opcua.*} client settings.
 */
public final class OpcUaAssetsEndpoint extends DefaultEndpoint {

    private final String servers;
    private String assetModel = "assetModel";
    private long samplingIntervalMs = 1000;
    private long publishingIntervalMs = 100;
    private int itemsPerSubscription = 5000;
    private int itemsPerCall = 1000;
    private long reconnectDelayMs = 2000;
    private long requestTimeoutMs = 30_000;
    private String certificateDir = "security/client";
    private String trustDir = "security/pki";

    OpcUaAssetsEndpoint(String uri, OpcUaAssetsComponent component, String servers) {
        super(uri, component);
        this.servers = servers;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("opcua-assets is a consumer only");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        AssetModel model = getCamelContext().getRegistry().lookupByNameAndType(assetModel, AssetModel.class);
        if (model == null) {
            throw new IllegalStateException("no asset model bound as '" + assetModel + "'");
        }
        OpcUaSessions shared = getCamelContext().getRegistry().lookupByNameAndType(OpcUaSessions.BEAN,
                OpcUaSessions.class);
        OpcUaAssetsConsumer consumer = new OpcUaAssetsConsumer(this, processor, model, servers,
                new OpcUaSourceSettings(samplingIntervalMs, publishingIntervalMs, itemsPerSubscription, itemsPerCall,
                        reconnectDelayMs, requestTimeoutMs, Path.of(certificateDir), Path.of(trustDir)),
                shared == null ? new OpcUaSessions() : shared);
        configureConsumer(consumer);
        return consumer;
    }

    /** Registry name of the asset model; default {@code assetModel}. */
    public void setAssetModel(String assetModel) {
        this.assetModel = assetModel;
    }

    /** Sampling interval of a variable that names none. */
    public void setSamplingIntervalMs(long samplingIntervalMs) {
        this.samplingIntervalMs = samplingIntervalMs;
    }

    /** Longest publishing interval of a subscription (shorter when its items' sampling interval is). */
    public void setPublishingIntervalMs(long publishingIntervalMs) {
        this.publishingIntervalMs = publishingIntervalMs;
    }

    /** Most monitored items in one subscription. */
    public void setItemsPerSubscription(int itemsPerSubscription) {
        this.itemsPerSubscription = itemsPerSubscription;
    }

    /** Most items created in one call. */
    public void setItemsPerCall(int itemsPerCall) {
        this.itemsPerCall = itemsPerCall;
    }

    /** Wait between two attempts of a first connect. */
    public void setReconnectDelayMs(long reconnectDelayMs) {
        this.reconnectDelayMs = reconnectDelayMs;
    }

    /** Timeout of one service call. */
    public void setRequestTimeoutMs(long requestTimeoutMs) {
        this.requestTimeoutMs = requestTimeoutMs;
    }

    /** Directory of the client certificate, created on first start. */
    public void setCertificateDir(String certificateDir) {
        this.certificateDir = certificateDir;
    }

    /** Directory of the trust list of server certificates. */
    public void setTrustDir(String trustDir) {
        this.trustDir = trustDir;
    }
}
