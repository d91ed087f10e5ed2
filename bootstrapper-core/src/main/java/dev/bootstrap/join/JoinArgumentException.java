package dev.bootstrap.join;

import java.util.function.Supplier;

/**
 * What was asked of a join is malformed or does not fit together (flags, or flags beside a JoinConfiguration); the
 * message names the flag or field. Nothing has been done yet, apart from reading a --discovery-file.
 */
public class JoinArgumentException extends IllegalArgumentException {

    public JoinArgumentException(String message) {
        super(message);
    }

    /** Runs a check of another package whose IllegalArgumentException names the flag; that error becomes this one. */
    static <T> T from(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new JoinArgumentException(e.getMessage());
        }
    }
}
