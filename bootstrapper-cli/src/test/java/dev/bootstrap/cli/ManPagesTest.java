package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ManPagesTest {

    private static final Map<String, ManPages.Page> PAGES = ManPages.pages(CommandTree.whole()).stream()
            .collect(Collectors.toMap(ManPages.Page::name, p -> p));

    @Test
    void onePagePerCommandNamedByTheWordsThatCallIt() {
        for (String name : List.of("bootstrap", "bootstrap-version", "bootstrap-init-phase-certs", "bootstrap-init-phase-control-plane-all",
                "bootstrap-join-phase-preflight", "bootstrap-upgrade-apply-phase", "bootstrap-token-create")) {
            assertTrue(PAGES.containsKey(name), name + " in " + PAGES.keySet());
        }
        assertEquals("bootstrap-init-phase-control-plane", PAGES.get("bootstrap-init-phase-control-plane-all").parent());
        assertEquals(PAGES.size(), ManPages.pages(CommandTree.whole()).size(), "no command twice (aliases)");
    }

    @Test
    void aPageHasManSectionsWithEscapedDashes() {
        String page = ManPages.page(PAGES.get("bootstrap-version"), "1.2.3", "2026-12-07");
        assertTrue(page.startsWith(".TH \"BOOTSTRAP\\-VERSION\" 1 \"2026\\-12\\-07\" \"bootstrap 1.2.3\""), page);
        assertTrue(page.contains(".SH NAME\nbootstrap\\-version \\- Print the version of bootstrap.\n"), page);
        assertTrue(page.contains(".TP\n\\fB\\-o\\fR, \\fB\\-\\-output\\fR=\\fIFORMAT\\fR\n"), page);
        assertTrue(page.contains(".SH SEE ALSO\n\\fBbootstrap\\fR(1)\n"), page);
        String phase = ManPages.page(PAGES.get("bootstrap-join-phase-preflight"), "1.2.3", "2026-12-07");
        assertTrue(phase.contains(".nf\nbootstrap join phase preflight "), "synopsis names the command as called: " + phase);
        String pin = ManPages.page(PAGES.get("bootstrap-certs-ca-pin"), "1.2.3", "2026-12-07");
        assertTrue(pin.contains(".nf\nbootstrap certs ca\\-pin "), pin);
    }
}
