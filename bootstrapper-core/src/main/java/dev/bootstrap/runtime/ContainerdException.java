package dev.bootstrap.runtime;

/** A containerd on a node that bootstrap cannot configure: unreadable or unsupported version. */
public class ContainerdException extends RuntimeException {

    public ContainerdException(String message) {
        super(message);
    }
}
