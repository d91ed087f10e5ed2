package dev.bootstrap.templates;

/** A template that cannot be read, rendered or whose output is invalid; the message names the template and line. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
