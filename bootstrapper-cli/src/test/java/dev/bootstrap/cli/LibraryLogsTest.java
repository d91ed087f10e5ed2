package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** netty's SEVERE record after a successful run reaches --log-file, never the terminal. */
class LibraryLogsTest {

    private static final Logger NETTY = Logger.getLogger("io.netty.util.concurrent.DefaultPromise");

    @Test
    void libraryRecordsGoToTheDebugLogOnlyMasked(@TempDir Path dir) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Logger root = Logger.getLogger("");
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            root.addHandler(new ConsoleHandler()); // the JDK's default: stderr, as set just now
            LibraryLogs.offTheTerminal();
            Path file = dir.resolve("debug.log");
            DebugLogOptions options = new DebugLogOptions();
            options.file = file;
            options.spec = CommandTree.whole().getCommandSpec();
            try (DebugLogOptions log = options.open()) {
                NETTY.log(Level.SEVERE, "Failed to submit a listener notification task. Event loop shut down? "
                        + "token abcdef.0123456789abcdef", new RejectedExecutionException("event executor terminated"));
            }
            NETTY.log(Level.SEVERE, "after the log was closed");
            assertEquals("", captured.toString(StandardCharsets.UTF_8), "nothing on the terminal");
            String logged = Files.readString(file);
            assertTrue(logged.contains(" - library SEVERE: io.netty.util.concurrent.DefaultPromise: Failed to submit a "
                    + "listener notification task. Event loop shut down? token abcdef.<redacted> "
                    + "(java.util.concurrent.RejectedExecutionException: event executor terminated)"), logged);
            assertFalse(logged.contains("after the log was closed"), logged);
            assertFalse(logged.contains("0123456789abcdef"), "the token's secret is masked");
        } finally {
            System.setErr(stderr);
        }
    }

    /**
     * The wiring: every run of the CLI (main's goes through Main.execute) takes the console handler off first.
     * netty logs after the run's last line, as its event loop shuts down; that is when this record comes.
     */
    @Test
    void aRunOfTheCliKeepsLibraryRecordsOffTheTerminal() {
        PrintStream stderr = System.err;
        PrintStream stdout = System.out;
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        Logger root = Logger.getLogger("");
        ConsoleHandler console = null;
        try {
            PrintStream captured = new PrintStream(terminal, true, StandardCharsets.UTF_8);
            System.setErr(captured);
            System.setOut(captured);
            console = new ConsoleHandler(); // the JDK's default: stderr, as set just now
            root.addHandler(console);
            assertEquals(0, Main.execute("version", "-o", "short"));
            NETTY.log(Level.SEVERE, "Failed to submit a listener notification task. Event loop shut down?",
                    new RejectedExecutionException("event executor terminated"));
        } finally {
            root.removeHandler(console);
            System.setErr(stderr);
            System.setOut(stdout);
        }
        String shown = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(shown.matches("v\\d+\\.\\d+\\.\\d+\\S*\n"), "the version alone: " + shown);
    }
}
