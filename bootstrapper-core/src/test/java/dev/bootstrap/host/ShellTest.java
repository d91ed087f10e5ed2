package dev.bootstrap.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void safeWordsStayAsTheyAre() {
        assertEquals("/etc/kubernetes/pki/ca.crt", Shell.quote("/etc/kubernetes/pki/ca.crt"));
        assertEquals("node-1", Shell.quote("node-1"));
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertEquals("''", Shell.quote(""));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
    }

    /** The real shell sees each hostile value as one literal word and runs nothing from it. */
    @Test
    void hostileValuesReachTheShellAsOneLiteralWord() throws Exception {
        for (String hostile : List.of("$(touch /tmp/pwned)", "`id`", "a;b", "x'; echo hi; '", "new\nline",
                "*", "~root", "a\\b", "-n", "!", "${HOME}")) {
            Process p = new ProcessBuilder("sh", "-c", "printf '%s' " + Shell.join(List.of(hostile))).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals(hostile, out, "value came back changed");
        }
    }
}
