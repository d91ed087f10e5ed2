package dev.bootstrap.upgrade;

/**
 * A node drain that refused to start or did not finish ({@link NodeDrain#drain}); the message names the pods, why
 * they hold the drain and what to do. The node stays cordoned: uncordoning is the caller's decision.
 */
public final class DrainException extends RuntimeException {

    public DrainException(String message) {
        super(message);
    }

    public DrainException(String message, Throwable cause) {
        super(message, cause);
    }
}
