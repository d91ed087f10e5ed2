package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import static dev.bootstrap.preflight.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IgnoredErrorsTest {

    private static List<CheckResult> wsl(IgnoredErrors ignore) {
        return Fixtures.judge("wsl2-ubuntu-22.04", PreflightRole.CONTROL_PLANE,
                new PreflightOptions(Fixtures.RECORDED_TARGET, ignore, Optional.empty()));
    }

    @Test
    void namesMatchCaseInsensitivelyAcrossCommasAndRepeatedFlags() {
        IgnoredErrors ignore = IgnoredErrors.parse(List.of("numcpu, INITSYSTEM", "FileContent--PROC-sys-net-bridge-bridge-nf-call-iptables"));
        assertTrue(ignore.ignores("NumCPU"));
        assertTrue(ignore.ignores("InitSystem"));
        assertTrue(ignore.ignores("FileContent--proc-sys-net-bridge-bridge-nf-call-iptables"));
        assertFalse(ignore.ignores("Mem"));
        assertFalse(ignore.ignores("NumCPUs"), "whole names only");
    }

    @Test
    void ignoredErrorsBecomeWarningsAndStopBeingFatal() {
        List<CheckResult> plain = wsl(IgnoredErrors.NONE);
        assertTrue(result(plain, "InitSystem").fatal());
        List<CheckResult> ignored = wsl(IgnoredErrors.of("initsystem"));
        CheckResult init = result(ignored, "InitSystem");
        assertFalse(init.fatal());
        assertTrue(init.warning());
        assertTrue(init.ignored());
        assertEquals("ignored", init.outcome());
        assertTrue(result(ignored, "KubeletVersion").fatal(), "other errors stay fatal");
    }

    @Test
    void ignoringAWarningChangesNothing() {
        CheckResult swap = result(wsl(IgnoredErrors.of("Swap")), "Swap");
        assertFalse(swap.ignored());
        assertTrue(swap.warning());
    }

    @Test
    void allIgnoresEveryErrorButCannotBeCombined() {
        List<CheckResult> all = wsl(IgnoredErrors.of("all"));
        assertTrue(all.stream().noneMatch(CheckResult::fatal));
        assertTrue(all.stream().anyMatch(CheckResult::ignored));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IgnoredErrors.of("all,Swap"));
        assertTrue(e.getMessage().startsWith("--ignore-preflight-errors: don't specify individual checks if 'all' is used"));
        assertTrue(IgnoredErrors.of("ALL").ignores("anything"));
    }
}
