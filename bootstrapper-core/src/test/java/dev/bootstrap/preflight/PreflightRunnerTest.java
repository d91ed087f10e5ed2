package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreflightRunnerTest {

    @Test
    void oneUnreachableHostIsThatHostsErrorOnly(@TempDir Path rootfs) {
        PreflightRunner runner = new PreflightRunner(unreachableButLocal(rootfs), new FactsGatherer(), 4);
        PreflightReport report = runner.run(List.of(
                new PreflightTarget("localhost", PreflightRole.CONTROL_PLANE),
                new PreflightTarget("node1", PreflightRole.WORKER),
                new PreflightTarget("localhost", PreflightRole.WORKER)), PreflightOptions.defaults());

        assertEquals(List.of("localhost", "node1", "localhost"), report.hosts().stream().map(HostReport::host).toList());
        HostReport cp = report.hosts().get(0);
        assertTrue(cp.error().isEmpty(), cp.error().toString());
        assertEquals(PreflightRole.CONTROL_PLANE, cp.role());
        assertTrue(cp.results().stream().anyMatch(r -> r.name().equals("Port-6443")));

        HostReport node1 = report.hosts().get(1);
        assertTrue(node1.fatal());
        assertTrue(node1.facts().isEmpty());
        assertEquals("[node1] cannot connect: no route to host", node1.error().orElseThrow());

        HostReport worker = report.hosts().get(2);
        assertTrue(worker.results().stream().anyMatch(r -> r.name().equals("FileAvailable--etc-kubernetes-kubelet.conf")));
        // Both answered: the worker's clock is compared with the control plane's (same machine: no skew).
        CheckResult skew = Fixtures.result(worker.results(), ClockSkewCheck.NAME);
        assertTrue(skew.passed(), skew.message());
        assertFalse(cp.results().stream().anyMatch(r -> r.name().equals(ClockSkewCheck.NAME)), "the reference has none");
        assertTrue(report.fatal());
    }

    /** This machine under a rootfs; every other target fails to connect, as an unreachable node does. */
    private static HostResolver unreachableButLocal(Path rootfs) {
        return target -> {
            if (HostResolver.isLocal(target)) {
                return new LocalHost("localhost", rootfs);
            }
            throw new HostException(target, "cannot connect: no route to host");
        };
    }
}
