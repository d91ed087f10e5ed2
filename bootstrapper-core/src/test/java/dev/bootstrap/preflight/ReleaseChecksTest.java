package dev.bootstrap.preflight;

import static dev.bootstrap.preflight.Fixtures.names;
import static dev.bootstrap.preflight.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preflight rules that changed in kubeadm 1.35-1.37 (docs/kubeadm-compat.md, preflight). */
class ReleaseChecksTest {

    private static final String READY = Fixtures.text("ubuntu-22.04-ready");

    private static List<CheckResult> judge(String facts, PreflightRole role, PreflightOptions options) {
        return CheckCatalog.judge(FactsParser.parse("cp1", facts, Instant.EPOCH), role, options);
    }

    private static String kubelet(String facts, String version) {
        return facts.replace("Kubernetes v1.33.1", "Kubernetes " + version);
    }

    @Test
    void cgroupV1FailsSystemVerificationForAKubeletFrom135OnUnderKubeadm135AndLater() {
        String v1 = READY.replace("### cgroupfs\ncgroup2fs", "### cgroupfs\ntmpfs")
                .replace("### cgroup-controllers\ncpuset cpu io memory hugetlb pids rdma misc", "### cgroup-controllers\n");
        assertTrue(v1.contains("### cgroupfs\ntmpfs"));
        CheckResult new135 = result(judge(kubelet(v1, "v1.35.2"), PreflightRole.WORKER, Fixtures.target("v1.35.2")),
                "SystemVerification");
        assertTrue(new135.fatal(), new135.toString());
        assertTrue(new135.message().contains("cgroups v1 support is unsupported for kubelet v1.35.2"), new135.message());
        assertTrue(new135.message().contains("failCgroupV1: false"), new135.message());
        CheckResult old134 = result(judge(kubelet(v1, "v1.34.2"), PreflightRole.WORKER, Fixtures.target("v1.35.2")),
                "SystemVerification");
        assertFalse(old134.fatal(), "a 1.34 kubelet still runs on cgroup v1: " + old134);
        assertTrue(old134.message().contains("cgroups v1 support is in maintenance mode"), old134.message());
        CheckResult kubeadm134 = result(judge(kubelet(v1, "v1.34.2"), PreflightRole.WORKER, Fixtures.target("v1.34.2")),
                "SystemVerification");
        assertFalse(kubeadm134.fatal());
        assertTrue(result(judge(kubelet(READY, "v1.35.2"), PreflightRole.WORKER, Fixtures.target("v1.35.2")),
                "SystemVerification").passed(), "cgroup v2 passes");
    }

    /** The ready node with containerd 1.7 (no RuntimeConfig) answering crictl version, and a kubelet of {@code version}. */
    private static String containerd17(String kubeletVersion) {
        return kubelet(READY, kubeletVersion).replace("### docker-daemon-json",
                "### cri-version\n/var/run/containerd/containerd.sock\tVersion:  0.1.0 RuntimeName:  containerd "
                        + "RuntimeVersion:  v1.7.24 RuntimeApiVersion:  v1\n\n### docker-daemon-json");
    }

    private static CheckResult containerRuntimeVersion(String facts, String target) {
        return result(judge(facts, PreflightRole.WORKER, Fixtures.target(target)), "ContainerRuntimeVersion");
    }

    @Test
    void containerRuntimeVersionExistsFrom135AndWantsARuntimeWithRuntimeConfig() {
        assertFalse(names(judge(READY, PreflightRole.WORKER, Fixtures.target("v1.34.3"))).contains("ContainerRuntimeVersion"));
        CheckResult unknown = containerRuntimeVersion(kubelet(READY, "v1.35.0"), "v1.35.0");
        assertTrue(unknown.passed(), "without crictl version's answer nothing is claimed: " + unknown);
        CheckResult warning = containerRuntimeVersion(containerd17("v1.36.1"), "v1.36.1");
        assertEquals(Severity.WARNING, warning.severity());
        assertFalse(warning.passed());
        assertTrue(warning.message().startsWith("the container runtime (containerd v1.7.24) does not support the "
                + "RuntimeConfig CRI call"), warning.message());
        CheckResult v2 = containerRuntimeVersion(containerd17("v1.36.1").replace("v1.7.24", "v2.0.4"), "v1.36.1");
        assertTrue(v2.passed(), v2.toString());
        assertTrue(RuntimeChecks.supportsRuntimeConfig(ContainerRuntime.CRIO, "cri-o 1.28.0"));
        assertFalse(RuntimeChecks.supportsRuntimeConfig(ContainerRuntime.CRIO, "cri-o 1.27.4"));
        assertFalse(RuntimeChecks.supportsRuntimeConfig(ContainerRuntime.CRI_DOCKERD, "docker 28.0.1"));
    }

    /**
     * Warning or error by the node's kubelet (docs/kubeadm-compat.md#preflight): kubeadm 1.35 only warns (PR #134906),
     * 1.36 fails for a kubelet from 1.37 on (PR #136898), 1.37 from 1.38 on (PR #139122). A kubelet newer than the
     * target is one the KubeletVersion check refuses as well.
     */
    @ParameterizedTest
    @CsvSource({"v1.35.2, v1.35.2, false", "v1.35.2, v1.38.0, false", "v1.36.1, v1.36.1, false",
            "v1.36.1, v1.37.0, true", "v1.37.1, v1.37.1, false", "v1.37.1, v1.38.0, true"})
    void anOldRuntimeFailsOnlyForTheKubeletsTheTargetNames(String target, String kubelet, boolean error) {
        CheckResult check = containerRuntimeVersion(containerd17(kubelet), target);
        assertFalse(check.passed(), check.toString());
        assertEquals(error ? Severity.ERROR : Severity.WARNING, check.severity(), check.toString());
    }

    /** 10.211.0.11:6443 and 127.0.0.1:10257 in /proc/net/tcp's notation, plus a wildcard listener on 2380. */
    private static final String LISTENERS = READY.replace("### tcp-listen\n", "### tcp-listen\n"
            + "   3: 0B00D30A:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
            + "   4: 0100007F:2811 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n"
            + "   5: 00000000:094C 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n");

    private static PreflightOptions controlPlane(String version, String advertise, String extra) {
        ClusterSetup setup = ClusterSetup.of(KubeadmConfigReader.readInit("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint:
                  advertiseAddress: %s
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: %s
                %s""".formatted(advertise, version, extra), InitFlags.NONE));
        return Fixtures.withCluster(Fixtures.target(version), setup);
    }

    @Test
    void from137PortChecksBindTheComponentsOwnAddress() {
        assertEquals(Set.of(6443, 10257, 2380), Set.copyOf(Fixtures.listeningPorts(FactsParser.parse("cp1", LISTENERS, Instant.EPOCH))
                .stream().filter(p -> p == 6443 || p == 10257 || p == 2380).toList()));
        List<CheckResult> v136 = judge(LISTENERS, PreflightRole.CONTROL_PLANE, controlPlane("v1.36.1", "10.211.0.12", ""));
        assertEquals("Port 6443 is in use", result(v136, "Port-6443").message(), "1.36 listens on all addresses");
        assertTrue(result(v136, "Port-10257").fatal());

        List<CheckResult> other = judge(LISTENERS, PreflightRole.CONTROL_PLANE, controlPlane("v1.37.1", "10.211.0.12", ""));
        assertTrue(result(other, "Port-6443").passed(), "a listener on another address is no conflict from 1.37");
        assertEquals("Port 10257 is in use on 127.0.0.1", result(other, "Port-10257").message());
        assertEquals("Port 2380 is in use on 10.211.0.12", result(other, "Port-2380").message(),
                "a wildcard listener blocks every address");
        assertTrue(result(other, "Port-2379").passed());

        List<CheckResult> same = judge(LISTENERS, PreflightRole.CONTROL_PLANE, controlPlane("v1.37.1", "10.211.0.11", """
                controllerManager:
                  extraArgs:
                  - name: bind-address
                    value: 10.211.0.11
                """));
        assertEquals("Port 6443 is in use on 10.211.0.11", result(same, "Port-6443").message());
        assertTrue(result(same, "Port-10257").passed(), "controller-manager binds --bind-address from extraArgs");
        assertEquals(Optional.empty(), ClusterSetup.of(KubeadmConfigReader.readInit("c.yaml", "apiVersion: "
                + "kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n", InitFlags.NONE)).bindAddress(6443),
                "no advertise address yet: all addresses");
    }
}
