package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeadmFormatTest {

    @Test
    void warningsAndTheFatalSummaryAsKubeadmPrintsThem() {
        List<CheckResult> r = Fixtures.judge("ubuntu-20.04-docker-dead", PreflightRole.WORKER,
                Fixtures.RECORDED);
        List<String> warnings = KubeadmFormat.warnings(r);
        assertTrue(warnings.contains("\t[WARNING Swap]: swap is supported for cgroup v2 only. The kubelet must be properly "
                + "configured to use swap. Please refer to https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, "
                + "or disable swap on the node (active: /swap.img)"), warnings.toString());
        assertEquals("[preflight] Some fatal errors occurred:\n"
                + "\t[ERROR CRI]: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
                + "[preflight] If you know what you are doing, you can make a check non-fatal with `--ignore-preflight-errors=...`",
                KubeadmFormat.fatalErrors(r).orElseThrow());
        assertEquals(Optional.empty(), KubeadmFormat.fatalErrors(Fixtures.judge("ubuntu-22.04-ready", PreflightRole.WORKER)));
        List<CheckResult> ignored = Fixtures.judge("ubuntu-20.04-docker-dead", PreflightRole.WORKER,
                new PreflightOptions(Fixtures.RECORDED_TARGET, IgnoredErrors.of("cri"), Optional.empty()));
        assertTrue(KubeadmFormat.warnings(ignored).contains("\t[WARNING CRI]: Cannot connect to the Docker daemon at "
                + "unix:///var/run/docker.sock. Is the docker daemon running?"), "an ignored error is shown as a warning");
        assertEquals(Optional.empty(), KubeadmFormat.fatalErrors(ignored));
    }
}
