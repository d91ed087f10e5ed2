package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliBasicsTest {

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        CommandLine cli = Main.commandLineFor(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Run r = run("--version");
        assertEquals(0, r.exit);
        assertTrue(r.out.startsWith("bootstrap "), r.out);
        assertTrue(!r.out.contains("${project.version}") && !r.out.contains("unknown"), r.out);
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("--no-such-flag").exit);
        assertEquals(2, run().exit);
        assertEquals(2, run("completion", "fish").exit);
    }

    @Test
    void completionScriptsForBashAndZsh() {
        Run bash = run("completion", "bash");
        assertEquals(0, bash.exit);
        assertTrue(bash.out.contains("complete -F"), "bash completion registers a function");
        Run zsh = run("completion", "zsh");
        assertEquals(0, zsh.exit);
        assertTrue(zsh.out.startsWith("autoload -U +X compinit"), zsh.out.substring(0, 80));
        assertTrue(zsh.out.contains("bashcompinit"));
    }
}
