package dev.bootstrap.patches;

/** A patch file that cannot be read or applied; the message names the file and, where known, the operation. */
public final class PatchException extends RuntimeException {

    public PatchException(String message) {
        super(message);
    }

    public PatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
