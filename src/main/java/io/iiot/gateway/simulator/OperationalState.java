package io.iiot.gateway.simulator;

/**
 * Operational state of a simulated machine, published as its {@link String} name on the
 * {@link PlantVariable#OPERATIONAL_STATE} variable.
 */
public enum OperationalState {
    /** Cutting: nominal spindle vibration and motor current. */
    RUNNING,
    /** Powered and waiting: low vibration and current. */
    IDLE,
    /** Powered down: near-zero vibration and current, coolant cools to ambient. */
    STOPPED,
    /** Tripped by excessive spindle vibration; goes to {@link #STOPPED} for maintenance. */
    ALARM
}
