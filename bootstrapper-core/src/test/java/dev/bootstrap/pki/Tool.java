package dev.bootstrap.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a real tool (openssl, etcdctl) for tests and returns what it did. */
final class Tool {

    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        String all() {
            return out + err;
        }
    }

    private Tool() {
    }

    static Result run(Path dir, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).directory(dir == null ? null : dir.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(argv));
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot run " + List.of(argv) + ": " + e, e);
        }
    }

    static Result run(String... argv) {
        return run(null, argv);
    }

    /** Runs and requires exit 0; returns stdout. */
    static String ok(Path dir, String... argv) {
        Result r = run(dir, argv);
        if (!r.ok()) {
            throw new AssertionError(List.of(argv) + " failed with " + r.exit + ":\n" + r.all());
        }
        return r.out;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
