package io.iiot.gateway.mqtt;

/** How the payload of a topic filter is read. */
public enum PayloadFormat {

    /**
     * One reading: {@code {"value":…, "unit":…, "timestamp":…, "quality":…}}, or a bare number, boolean or string.
     */
    READING,

    /**
     * Several metrics at once: {@code {"_id":…, "timestamp":…, "loc":[lon,lat], "context":…, "items":{"m":v,…}}},
     * one reading per item, with longitude, latitude and context as attributes.
     */
    MULTI_METRIC;

    /** The name used in {@code assets.yaml}: {@code reading} or {@code multi-metric}. */
    public String yamlName() {
        return name().toLowerCase().replace('_', '-');
    }
}
