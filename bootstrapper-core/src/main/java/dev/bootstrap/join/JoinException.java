package dev.bootstrap.join;

/** A join step cannot go on; the message names the host and says what to do. */
public class JoinException extends RuntimeException {

    public JoinException(String message) {
        super(message);
    }

    public JoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
