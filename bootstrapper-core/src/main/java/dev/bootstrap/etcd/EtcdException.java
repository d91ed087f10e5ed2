package dev.bootstrap.etcd;

/** An etcd membership call failed; the message names the endpoint and the call. */
public class EtcdException extends RuntimeException {

    public EtcdException(String message) {
        super(message);
    }

    public EtcdException(String message, Throwable cause) {
        super(message, cause);
    }
}
