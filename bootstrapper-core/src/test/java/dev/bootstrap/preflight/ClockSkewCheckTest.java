package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClockSkewCheckTest {

    @Test
    void nodesMoreThan30SecondsApartFailAgainstTheReference() {
        NodeFacts cp = Fixtures.facts("ubuntu-22.04-ready", Duration.ofSeconds(5));
        NodeFacts near = Fixtures.facts("debian-10-kernel-4.19", Duration.ofSeconds(-20));
        NodeFacts far = Fixtures.facts("ubuntu-18.10-kernel-4.18", Duration.ofMillis(47_300));
        List<Optional<CheckResult>> r = ClockSkewCheck.judge(List.of(cp, near, far));
        assertEquals(Optional.empty(), r.get(0), "the reference gets no result of its own");
        CheckResult ok = r.get(1).orElseThrow();
        assertTrue(ok.passed(), ok.message());
        assertEquals("clock of debian-10-kernel-4.19 is 25.0 s behind ubuntu-22.04-ready", ok.message());
        CheckResult bad = r.get(2).orElseThrow();
        assertTrue(bad.fatal());
        assertTrue(bad.message().startsWith("clock of ubuntu-18.10-kernel-4.18 is 42.3 s ahead of ubuntu-22.04-ready"),
                bad.message());
        assertEquals("synchronise clocks on every node: timedatectl set-ntp true (systemd-timesyncd or chrony)", bad.fix());
    }

    @Test
    void exactly30SecondsIsStillFineAndOneNodeHasNothingToCompare() {
        NodeFacts a = Fixtures.facts("ubuntu-22.04-ready");
        NodeFacts b = Fixtures.facts("debian-10-kernel-4.19", Duration.ofSeconds(30));
        assertTrue(ClockSkewCheck.judge(List.of(a, b)).get(1).orElseThrow().passed());
        assertEquals(List.of(Optional.empty()), ClockSkewCheck.judge(List.of(a)));
        NodeFacts c = Fixtures.facts("debian-10-kernel-4.19", Duration.ofMillis(30_001));
        assertFalse(ClockSkewCheck.judge(List.of(a, c)).get(1).orElseThrow().passed());
    }
}
