package io.iiot.gateway.command;

/** An OPC-UA server answered a command with a status other than Good; its reply names the status. */
public final class CommandRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String status;

    /**
     * @param message what was refused, and why
     * @param status the OPC-UA status code's name, e.g. {@code Bad_OutOfRange}
     */
    public CommandRefusedException(String message, String status) {
        super(message);
        this.status = status;
    }

    /** The OPC-UA status code's name. */
    public String status() {
        return status;
    }
}
