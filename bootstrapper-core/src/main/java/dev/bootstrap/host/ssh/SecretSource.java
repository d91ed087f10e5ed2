package dev.bootstrap.host.ssh;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where secrets come from: environment variables the user named, else an interactive prompt (the
 * CLI supplies one reading the console without echo; tests and batch runs supply none). Secrets are
 * only ever passed on, never logged or put on a command line; an observer (the debug log) is told
 * each secret handed out, so it can mask it.
 */
public final class SecretSource {

    /** Asks the user for a secret; empty when nobody can answer. */
    @FunctionalInterface
    public interface Prompt {
        Optional<char[]> ask(String question);
    }

    private final Map<String, String> env;
    private final Prompt prompt;
    private final Consumer<String> observer;
    /** Prompted answers by purpose: hosts connected in parallel ask once per run, not once each. */
    private final Map<String, char[]> answers = new HashMap<>();

    public SecretSource(Map<String, String> env, Prompt prompt) {
        this(env, prompt, secret -> { });
    }

    /** @param observer told every secret value handed out (e.g. {@code DebugLog::redact}) */
    public SecretSource(Map<String, String> env, Prompt prompt, Consumer<String> observer) {
        this.env = Map.copyOf(env);
        this.prompt = prompt == null ? q -> Optional.empty() : prompt;
        this.observer = observer;
    }

    /**
     * An environment variable's value (when a name is given), else the prompt's answer, asked once
     * per {@code purpose} (e.g. "sudo", or the key file) and remembered for this run.
     */
    public synchronized Optional<char[]> secret(String envName, String purpose, String question) {
        if (envName != null && !envName.isEmpty()) {
            String v = env.get(envName);
            if (v != null) {
                observer.accept(v);
                return Optional.of(v.toCharArray());
            }
        }
        char[] known = answers.get(purpose);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<char[]> answer = prompt.ask(question);
        answer.ifPresent(a -> {
            answers.put(purpose, a);
            observer.accept(new String(a));
        });
        return answer;
    }

    /** An environment variable by name (e.g. SSH_AUTH_SOCK). */
    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }
}
