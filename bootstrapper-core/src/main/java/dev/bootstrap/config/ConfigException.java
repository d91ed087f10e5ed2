package dev.bootstrap.config;

/**
 * Invalid configuration. The message starts with where the value came from ("cluster.yaml:12" or
 * "flag --service-cidr"), then the field path, then what is wrong.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
