package dev.bootstrap.discovery;

/** Discovery failed; {@link #reason()} tells which of the distinct failures it was. */
public class DiscoveryException extends RuntimeException {

    public enum Reason { UNREACHABLE, TLS, NOT_FOUND, FORBIDDEN, NO_SIGNATURE, BAD_SIGNATURE, PIN_MISMATCH, CHANGED, INVALID }

    private final Reason reason;

    public DiscoveryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public DiscoveryException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
