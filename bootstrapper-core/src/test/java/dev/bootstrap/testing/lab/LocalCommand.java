package dev.bootstrap.testing.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real tool on this machine for a test (ssh-keygen, ssh-add, ip, ...); fails on non-zero exit. */
public final class LocalCommand {

    private LocalCommand() {
    }

    public static String run(List<String> argv) {
        return run(argv, Map.of());
    }

    /** Runs argv with extra environment variables; returns stdout and stderr together. */
    public static String run(List<String> argv, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(argv + " did not finish in 60 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(argv + " failed (exit " + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + argv, e);
        }
    }
}
