package dev.bootstrap.host;

/** A failure on a node; the message always starts with the host it happened on. */
public class HostException extends RuntimeException {

    private final String host;

    public HostException(String host, String message) {
        super("[" + host + "] " + message);
        this.host = host;
    }

    public HostException(String host, String message, Throwable cause) {
        super("[" + host + "] " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
