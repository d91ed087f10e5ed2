package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code bootstrap up} in its own JVM (the tests' classpath), so that it can be killed or signalled. */
final class UpProcess {

    private UpProcess() {
    }

    static Process start(Path file, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "up", "-f", file.toString(),
                "--ignore-preflight-errors=all", "--wait-timeout", "60s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the shell {@code condition} holds on {@code node}, the run still going. */
    static void waitFor(Lab lab, LabNode node, String condition, Process run, Path log) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!lab.ssh(node, "if " + condition + "; then echo yes; fi; true").strip().equals("yes")) {
            assertTrue(run.isAlive(), "up ended before it could be stopped: " + Files.readString(log));
            assertTrue(System.nanoTime() < until, "no progress within 300 s: " + Files.readString(log));
            Thread.sleep(100);
        }
    }

    /** Waits until the run's output holds {@code text}, the run still going. */
    static void waitForOutput(String text, Process run, Path log) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!Files.readString(log).contains(text)) {
            assertTrue(run.isAlive(), "up ended before it could be stopped: " + Files.readString(log));
            assertTrue(System.nanoTime() < until, "no progress within 300 s: " + Files.readString(log));
            Thread.sleep(20);
        }
    }

    /** Sends {@code signal} (INT, TERM) as a terminal or a service manager would. */
    static void signal(Process run, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(run.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }
}
