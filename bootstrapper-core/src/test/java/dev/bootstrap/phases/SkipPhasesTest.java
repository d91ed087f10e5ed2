package dev.bootstrap.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SkipPhasesTest {

    private static final PhaseSpec CERTS = PhaseSpec.of("certs", "Certificates").withSubPhases(List.of("ca", "apiserver"));
    private static final PhaseSpec ADDON = PhaseSpec.of("addon", "Addons");
    private static final List<PhaseSpec> WORKFLOW = List.of(CERTS, ADDON);

    @Test
    void aPhaseSkipsItsSubPhasesAndASubPhaseOnlyItself() {
        SkipPhases phase = SkipPhases.given(List.of("certs"), "--skip-phases");
        assertTrue(phase.skips(CERTS) && phase.skips(CERTS, "ca") && phase.skips(CERTS, "apiserver"));
        assertFalse(phase.skips(ADDON));
        SkipPhases sub = SkipPhases.given(List.of(" certs/ca ", ""), "--skip-phases");
        assertEquals(List.of("certs/ca"), sub.values());
        assertTrue(sub.skips(CERTS, "ca"));
        assertFalse(sub.skips(CERTS) || sub.skips(CERTS, "apiserver"));
        assertTrue(SkipPhases.given(List.of("certs/all"), "x").skips(CERTS));
    }

    @Test
    void unknownNamesAreErrorsWhereTheyWereGiven() {
        SkipPhases file = SkipPhases.of(List.of(new SkipPhases.Entry("addon", "a.yaml:3: InitConfiguration.skipPhases[0]"),
                new SkipPhases.Entry("cert", "a.yaml:4: InitConfiguration.skipPhases[1]")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> file.checkedAgainst("init", WORKFLOW));
        assertEquals("a.yaml:4: InitConfiguration.skipPhases[1]: unknown phase \"cert\"; init's phases are certs, addon",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SkipPhases.given(List.of("certs/sa"), "--skip-phases")
                .checkedAgainst("init", WORKFLOW));
        assertEquals("--skip-phases: unknown phase \"certs/sa\"; the sub-phases of certs are ca, apiserver", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SkipPhases.given(List.of("addon/x"), "--skip-phases")
                .checkedAgainst("init", WORKFLOW));
        assertEquals("--skip-phases: unknown phase \"addon/x\"; addon has no sub-phases", e.getMessage());
        SkipPhases fine = SkipPhases.given(List.of("certs/apiserver", "addon"), "f");
        assertEquals(fine, fine.checkedAgainst("init", WORKFLOW));
    }

    @Test
    void theValueIsTheNamesNotWhereTheyCameFrom() {
        assertEquals(SkipPhases.given(List.of("addon"), "a"), SkipPhases.given(List.of("addon"), "b"));
        assertEquals(List.of("addon", "certs"), SkipPhases.given(List.of("addon"), "a")
                .plus(SkipPhases.given(List.of("certs", "addon"), "b")).values());
    }
}
