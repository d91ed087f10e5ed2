package dev.bootstrap.kubeconfig;

/** An existing kubeconfig that cannot be read or conflicts with the cluster; the message names the file. */
public class KubeconfigException extends RuntimeException {

    public KubeconfigException(String message) {
        super(message);
    }

    public KubeconfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
