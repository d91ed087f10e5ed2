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
    void mainsShortcutForVersionPrintsWhatPicocliPrints() {
        assertEquals(String.join("\n", new VersionProvider().getVersion()) + "\n", run("--version").out);
        assertEquals(run("--version").out, run("-V").out);
    }

    @Test
    void versionCommandPrintsKubeadmsFormats() {
        Run text = run("version");
        assertEquals(0, text.exit);
        assertTrue(text.out.startsWith("bootstrap version: &version.Info{Major:\""), text.out);
        assertTrue(text.out.contains("GoVersion:\"java" + Runtime.version() + "\""), text.out);
        Run brief = run("version", "-o", "short");
        assertTrue(brief.out.matches("v\\d+\\.\\d+\\.\\d+\\S*\n"), brief.out);
        Run json = run("version", "-o", "json");
        assertTrue(json.out.startsWith("{\n  \"clientVersion\": {\n    \"major\": "), json.out);
        assertTrue(json.out.endsWith("}\n}\n"), json.out);
        Run yaml = run("version", "--output", "yaml");
        assertTrue(yaml.out.startsWith("clientVersion:\n  buildDate: \"20"), yaml.out);
        assertTrue(yaml.out.endsWith("\n\n"), "kubeadm's Println after YAML leaves a blank line");
        Run bad = run("version", "-o", "xml");
        assertEquals(2, bad.exit);
        assertTrue(bad.err.contains("invalid output format: xml"), bad.err);
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
