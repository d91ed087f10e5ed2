package dev.bootstrap.pki;

import dev.bootstrap.host.Host;

/** A PKI failure: bad configuration (names the field/flag) or a bad file (names host and path). */
public class PkiException extends RuntimeException {

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one file, written as "[host] path: problem" like host errors. */
    public static PkiException file(Host host, String path, String problem) {
        return new PkiException("[" + host.name() + "] " + path + ": " + problem);
    }

    public static PkiException file(Host host, String path, String problem, Throwable cause) {
        return new PkiException("[" + host.name() + "] " + path + ": " + problem, cause);
    }
}
