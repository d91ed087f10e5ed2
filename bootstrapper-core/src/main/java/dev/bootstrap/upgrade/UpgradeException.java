package dev.bootstrap.upgrade;

/** An upgrade step that cannot go on; the message says on which host, what failed and what to do. */
public final class UpgradeException extends RuntimeException {

    public UpgradeException(String message) {
        super(message);
    }

    public UpgradeException(String message, Throwable cause) {
        super(message, cause);
    }
}
