package dev.bootstrap.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Preconditions of tests that need a real tool, root or namespaces. Outside CI an unmet one skips
 * the test with the reason; with BOOTSTRAP_LAB_REQUIRED=1 (set by .ci/run) it fails it, so CI can
 * never go green by skipping.
 */
public final class Requirements {

    public static final String REQUIRED_ENV = "BOOTSTRAP_LAB_REQUIRED";

    private Requirements() {
    }

    public static boolean required() {
        return "1".equals(System.getenv(REQUIRED_ENV)) || "true".equalsIgnoreCase(System.getenv(REQUIRED_ENV));
    }

    /** Skips (or, when required, fails) unless {@code condition} holds. */
    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (required()) {
            Assertions.fail(reason + " (" + REQUIRED_ENV + " is set, so this is a failure, not a skip)");
        }
        Assumptions.abort(reason);
    }

    public static void requireRoot() {
        require("root".equals(System.getProperty("user.name")) || uidIsZero(), "needs root");
    }

    /** Requires an executable on PATH (or an absolute path) and returns its path. */
    public static Path requireTool(String name) {
        Path found = which(name);
        require(found != null, "needs '" + name + "' (installed by scripts/install-test-deps.sh as root)");
        return found;
    }

    public static Path which(String name) {
        if (name.startsWith("/")) {
            Path p = Path.of(name);
            return Files.isExecutable(p) ? p : null;
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static boolean uidIsZero() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
