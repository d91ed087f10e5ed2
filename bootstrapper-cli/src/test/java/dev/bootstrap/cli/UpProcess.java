package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** {@code bootstrap up} (or another command) in its own JVM (the tests' classpath), so that it can be killed or signalled. */
final class UpProcess {

    private UpProcess() {
    }

    /** Starts {@code up -f FILE} with the lab's flags and {@code extra} ones; its output goes to {@code log}. */
    static Process start(Path file, Path log, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                "--wait-timeout", "60s"));
        args.addAll(List.of(extra));
        return command(log, java.util.Map.of(), args);
    }

    /** Starts {@code bootstrap ARGS} with {@code env} added to this process's; its output goes to {@code log}. */
    static Process command(Path log, java.util.Map<String, String> env, List<String> args) throws Exception {
        ProcessBuilder builder = builder(env, List.of(), args).redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /** Runs {@code bootstrap ARGS} to its end with {@code env} and JVM options, stdout and stderr into their files. */
    static int run(Path out, Path err, java.util.Map<String, String> env, List<String> jvmOptions, List<String> args)
            throws Exception {
        Process p = builder(env, jvmOptions, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "bootstrap " + args + " did not end");
        return p.exitValue();
    }

    private static ProcessBuilder builder(java.util.Map<String, String> env, List<String> jvmOptions,
                                          List<String> args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().putAll(env);
        return builder;
    }

    /** Waits until the shell {@code condition} holds on {@code node}, the run still going. */
    static void waitFor(Lab lab, LabNode node, String condition, Process run, Path log) throws Exception {
        waitFor(() -> lab.ssh(node, "if " + condition + "; then echo yes; fi; true").strip().equals("yes"), run, log);
    }

    /** Waits until {@code condition} holds, the run still going. */
    static void waitFor(BooleanSupplier condition, Process run, Path log) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (!condition.getAsBoolean()) {
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
