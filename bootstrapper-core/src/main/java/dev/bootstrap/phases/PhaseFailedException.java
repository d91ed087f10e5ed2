package dev.bootstrap.phases;

/** A workflow stopped: which phase failed on which host, with the cause's message. */
public class PhaseFailedException extends RuntimeException {

    private final String phase;
    private final String host;

    public PhaseFailedException(String phase, String host, Throwable cause) {
        super("phase " + phase + " failed on " + host + ": " + messageOf(cause), cause);
        this.phase = phase;
        this.host = host;
    }

    public String phase() {
        return phase;
    }

    public String host() {
        return host;
    }

    static String messageOf(Throwable t) {
        Throwable cause = t;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
