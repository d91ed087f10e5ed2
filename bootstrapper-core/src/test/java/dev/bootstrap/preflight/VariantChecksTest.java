package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import static dev.bootstrap.preflight.Fixtures.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ready Ubuntu node with one fact changed at a time: each check fails for its own reason. */
class VariantChecksTest {

    private static List<CheckResult> readyWith(PreflightRole role, String from, String to) {
        String text = Fixtures.text("ubuntu-22.04-ready");
        assertTrue(text.contains(from), from);
        NodeFacts f = FactsParser.parse("cp1", text.replace(from, to), Instant.EPOCH);
        return CheckCatalog.judge(f, role, Fixtures.RECORDED);
    }

    @Test
    void tooFewCpusAndTooLittleMemoryWithKubeadmsMessages() {
        List<CheckResult> cpu = readyWith(PreflightRole.CONTROL_PLANE, "### nproc\n2", "### nproc\n1");
        assertEquals("the number of available CPUs 1 is less than the required 2", result(cpu, "NumCPU").message());
        assertTrue(result(cpu, "NumCPU").fatal());
        List<CheckResult> mem = readyWith(PreflightRole.CONTROL_PLANE, "4013572 kB", "1012372 kB");
        assertEquals("the system RAM (988 MB) is less than the minimum 1700 MB", result(mem, "Mem").message());
        List<String> workerNames = Fixtures.names(readyWith(PreflightRole.WORKER, "### nproc\n2", "### nproc\n1"));
        assertFalse(workerNames.contains("NumCPU") || workerNames.contains("Mem"), "join does not check CPUs or memory");
    }

    @Test
    void aMissingToolGetsTheInstallCommandOfTheNodesPackageManager() {
        CheckResult ubuntu = result(readyWith(PreflightRole.WORKER, "socat=/usr/bin/socat", "socat="), "FileExisting-socat");
        assertTrue(ubuntu.warning());
        assertEquals("socat not found in system path", ubuntu.message());
        assertEquals("apt-get install -y socat", ubuntu.fix());
        CheckResult fedora = result(judgeWithout("fedora-40-containerd-crio", "socat"), "FileExisting-socat");
        assertEquals("dnf install -y socat", fedora.fix());
        CheckResult centos7 = result(judgeWithout("centos-7-docker-cgroupfs", "conntrack"), "FileExisting-conntrack");
        assertEquals("yum install -y conntrack-tools", centos7.fix());
    }

    /** A recorded node's worker checks with one tool gone from PATH. */
    private static List<CheckResult> judgeWithout(String fixture, String tool) {
        String text = Fixtures.text(fixture);
        String line = text.lines().filter(l -> l.startsWith(tool + "=/")).findFirst()
                .orElseThrow(() -> new AssertionError(fixture + " has no " + tool));
        NodeFacts f = FactsParser.parse(fixture, text.replace(line, tool + "="), Instant.EPOCH);
        return CheckCatalog.judge(f, PreflightRole.WORKER, Fixtures.RECORDED);
    }

    @Test
    void notRootIsAnError() {
        CheckResult r = result(readyWith(PreflightRole.WORKER, "### euid\n0", "### euid\n1000"), "IsPrivilegedUser");
        assertEquals("user is not running as root", r.message());
        assertTrue(r.fatal());
    }

    @Test
    void hostnamesMustBeRfc1123AndResolve() {
        CheckResult underscore = result(readyWith(PreflightRole.WORKER, "### hostname\ncp1", "### hostname\nk8s_master"), "Hostname");
        assertTrue(underscore.warning());
        assertTrue(underscore.message().startsWith("hostname \"k8s_master\" is not a valid node name: a lowercase RFC 1123"));
        assertEquals("hostnamectl set-hostname k8s-master", underscore.fix());
        CheckResult unresolved = result(readyWith(PreflightRole.WORKER, "127.0.1.1       cp1\n", ""), "Hostname");
        assertEquals("hostname \"cp1\" could not be reached", unresolved.message());
    }

    @Test
    void kubeletVersionSkewBothWays() {
        CheckResult old = result(readyWith(PreflightRole.WORKER, "Kubernetes v1.33.1", "Kubernetes v1.29.10"), "KubeletVersion");
        assertEquals("Kubelet version \"v1.29.10\" is lower than kubeadm can support. Please upgrade kubelet", old.message());
        assertTrue(result(readyWith(PreflightRole.WORKER, "Kubernetes v1.33.1", "Kubernetes v1.31.0"), "KubeletVersion").passed(),
                "kubeadm 1.34 supports kubelets down to 1.31");
        PreflightOptions v137 = Fixtures.target("v1.37.1");
        String text = Fixtures.text("ubuntu-22.04-ready");
        assertFalse(result(CheckCatalog.judge(FactsParser.parse("w", text, Instant.EPOCH), PreflightRole.WORKER, v137),
                "KubeletVersion").passed(), "kubeadm 1.37 no longer supports a 1.33 kubelet");
        assertTrue(result(CheckCatalog.judge(FactsParser.parse("w", text.replace("Kubernetes v1.33.1", "Kubernetes v1.34.2"),
                Instant.EPOCH), PreflightRole.WORKER, v137), "KubeletVersion").passed(), "kubeadm 1.37 supports kubelets down to 1.34");
        CheckResult newer = result(readyWith(PreflightRole.WORKER, "Kubernetes v1.33.1", "Kubernetes v1.35.0"), "KubeletVersion");
        assertTrue(newer.message().startsWith("the kubelet version is higher than the control plane version."), newer.message());
        CheckResult disabled = result(readyWith(PreflightRole.WORKER, "### kubelet-service\nenabled", "### kubelet-service\ndisabled"),
                "Service-Kubelet");
        assertEquals("kubelet service is not enabled, please run 'systemctl enable kubelet.service'", disabled.message());
    }

    @Test
    void httpsProxyIsUsedUnlessNoProxyCoversTheAddress() {
        String proxied = "### proxy-env\nHTTPS_PROXY=http://proxy.corp:3128\n";
        List<CheckResult> r = readyWith(PreflightRole.CONTROL_PLANE, "### proxy-env\n", proxied);
        assertEquals("Connection to \"https://192.168.56.10\" uses proxy \"http://proxy.corp:3128\". If that is not intended, "
                + "adjust your proxy settings", result(r, "HTTPProxy").message());
        assertTrue(result(r, "HTTPProxyCIDR").message().startsWith("connection to \"10.96.0.0/12\" uses proxy"));
        List<CheckResult> excepted = readyWith(PreflightRole.CONTROL_PLANE, "### proxy-env\n",
                proxied + "NO_PROXY=localhost,192.168.56.0/24,10.96.0.0/12\n");
        assertTrue(result(excepted, "HTTPProxy").passed());
        assertTrue(result(excepted, "HTTPProxyCIDR").passed());
        assertTrue(ProxyChecks.noProxyMatches(".example.org", "api.example.org"));
        assertTrue(ProxyChecks.noProxyMatches("example.org", "api.example.org"));
        assertFalse(ProxyChecks.noProxyMatches("example.org", "badexample.org"));
        assertTrue(ProxyChecks.noProxyMatches("fd00::/8", "fd00:56::10"));
        assertEquals("10.96.0.1", ProxyChecks.firstAddress("10.96.0.0/12"));
        List<CheckResult> worker = CheckCatalog.judge(FactsParser.parse("w", Fixtures.text("ubuntu-22.04-ready")
                .replace("### proxy-env\n", proxied), Instant.EPOCH), PreflightRole.WORKER,
                new PreflightOptions(Fixtures.RECORDED_TARGET, IgnoredErrors.NONE, Optional.of("10.0.0.5")));
        assertTrue(result(worker, "HTTPProxy").message().startsWith("Connection to \"https://10.0.0.5\" uses proxy"));
    }

    @Test
    void oldKernelAndMissingCgroupsFailSystemVerification() {
        CheckResult old = result(readyWith(PreflightRole.WORKER, "5.15.0-105-generic", "2.6.32-754.el6.x86_64"), "SystemVerification");
        assertTrue(old.fatal());
        assertEquals("unsupported kernel release: 2.6.32-754.el6.x86_64", old.message());
        CheckResult noPids = result(readyWith(PreflightRole.WORKER, "cpuset cpu io memory hugetlb pids rdma misc",
                "cpuset cpu io memory hugetlb rdma misc"), "SystemVerification");
        assertEquals("missing required cgroups: pids", noPids.message());
        CheckResult noHugetlb = result(readyWith(PreflightRole.WORKER, "cpuset cpu io memory hugetlb pids rdma misc",
                "cpuset cpu io memory pids"), "SystemVerification");
        assertEquals(Severity.WARNING, noHugetlb.severity());
        assertEquals("missing optional cgroups: hugetlb", noHugetlb.message());
    }

    @Test
    void kubernetesVersionNewerThanSupportedIsAWarning() {
        List<CheckResult> r = CheckCatalog.judge(Fixtures.facts("ubuntu-22.04-ready"), PreflightRole.CONTROL_PLANE,
                Fixtures.target("v1.38.0"));
        assertEquals("Kubernetes version is greater than kubeadm version. Please consider to upgrade kubeadm. Kubernetes "
                + "version: v1.38.0. Kubeadm version: 1.37.x", result(r, "KubernetesVersion").message());
    }

    @Test
    void theScriptSurvivesANodeWithoutAnyCommandOnPath() {
        // Missing commands leave their sections empty; the script still ends with its end marker.
        String out = new LocalHost().run("PATH=/nonexistent\n" + FactsGatherer.loadScript(), Duration.ofSeconds(30)).stdout();
        NodeFacts f = FactsParser.parse("bare", out, Instant.now());
        assertTrue(f.tools().isEmpty(), f.tools().toString());
        assertEquals(Optional.empty(), f.kubeletVersion());
        assertFalse(result(CheckCatalog.judge(f, PreflightRole.WORKER, Fixtures.RECORDED), "FileExisting-ip").passed());
    }

    @Test
    void ipv6ForwardingIsCheckedOnlyWhenTheApiServerAddressIsIpv6() {
        String ipv4 = "2: ens3    inet 192.168.56.10/24";
        assertFalse(Fixtures.names(readyWith(PreflightRole.CONTROL_PLANE, "### tcp-listen", "### tcp-listen"))
                .contains("FileContent--proc-sys-net-ipv6-conf-default-forwarding"), "first address is IPv4");
        List<CheckResult> v6 = readyWith(PreflightRole.CONTROL_PLANE, ipv4, "2: ens3    inet6 fd00:56::10/64 scope global ens3\n" + ipv4);
        CheckResult forwarding = result(v6, "FileContent--proc-sys-net-ipv6-conf-default-forwarding");
        assertTrue(forwarding.fatal());
        assertEquals("/proc/sys/net/ipv6/conf/default/forwarding contents are not set to 1", forwarding.message());
        List<CheckResult> worker = CheckCatalog.judge(Fixtures.facts("ubuntu-22.04-ready"), PreflightRole.WORKER,
                new PreflightOptions(Fixtures.RECORDED_TARGET, IgnoredErrors.NONE, Optional.of("fd00::1")));
        assertTrue(result(worker, "FileContent--proc-sys-net-ipv6-conf-default-forwarding").fatal());
    }

    /** The ready node's recorded crictl info: containerd ready, no CNI yet (NetworkReady false). */
    private static final String RUNTIME_READY = "\"type\": \"RuntimeReady\",         \"status\": true,         "
            + "\"reason\": \"\",         \"message\": \"\"";

    @Test
    void criAsksTheRuntimeWhetherItIsReadyAndIgnoresNetworkReady() {
        CheckResult ready = result(Fixtures.judge("ubuntu-22.04-ready", PreflightRole.WORKER), "CRI");
        assertTrue(ready.passed(), ready.message());
        assertEquals("containerd answers at unix:///var/run/containerd/containerd.sock and is ready (RuntimeReady)",
                ready.message());
        NodeFacts.CriStatus status = Fixtures.facts("ubuntu-22.04-ready").criStatus("/run/containerd/containerd.sock")
                .orElseThrow();
        assertFalse(status.conditions().get("NetworkReady").status(), "recorded before any CNI: ignored, as kubeadm does");

        CheckResult notReady = result(readyWith(PreflightRole.WORKER, RUNTIME_READY, "\"type\": \"RuntimeReady\", \"status\": false, "
                + "\"reason\": \"RuntimeNotReady\", \"message\": \"runc not found in PATH\""), "CRI");
        assertTrue(notReady.fatal());
        assertEquals("container runtime is not running: container runtime condition \"RuntimeReady\" is not true. "
                + "reason: RuntimeNotReady, message: runc not found in PATH", notReady.message());
        assertEquals("see why with 'journalctl -u containerd -n 50', fix that, then 'systemctl restart containerd'",
                notReady.fix());
    }

    @Test
    void criSaysWhenTheRuntimeCouldNotBeAskedOrDidNotAnswer() {
        CheckResult noCrictl = result(readyWith(PreflightRole.WORKER, "crictl=/usr/bin/crictl", "crictl="), "CRI");
        assertTrue(noCrictl.passed(), "the socket answers: as before, without crictl that is all that is known");
        assertEquals("containerd answers at unix:///var/run/containerd/containerd.sock; whether it is ready could not "
                + "be asked (no crictl on the node)", noCrictl.message());
        // containerd without its CRI plugin (Docker's containerd.io packaging), as crictl reports it.
        String recorded = Fixtures.text("ubuntu-22.04-ready").lines()
                .filter(l -> l.startsWith("/var/run/containerd/containerd.sock\t0\t")).findFirst().orElseThrow();
        CheckResult unimplemented = result(readyWith(PreflightRole.WORKER, recorded, "/var/run/containerd/containerd.sock\t1\t"
                + "time=\"2026-11-23T01:00:00Z\" level=fatal msg=\"getting status of runtime: rpc error: code = "
                + "Unimplemented desc = unknown service runtime.v1.RuntimeService\""), "CRI");
        assertTrue(unimplemented.fatal());
        assertEquals("container runtime is not running: crictl info on unix:///var/run/containerd/containerd.sock failed "
                + "(exit 1): time=\"2026-11-23T01:00:00Z\" level=fatal msg=\"getting status of runtime: rpc error: code = "
                + "Unimplemented desc = unknown service runtime.v1.RuntimeService\"", unimplemented.message());
    }

    @Test
    void aMissingRequiredKernelConfigIsAnErrorAMissingOptionalOneOnlyReported() {
        CheckResult ready = result(Fixtures.judge("ubuntu-22.04-ready", PreflightRole.WORKER), "SystemVerification");
        assertTrue(ready.passed(), ready.message());
        assertEquals("kernel 5.15.0-105-generic, cgroups v2; kernel config from /boot/config-5.15.0-105-generic, optional "
                + "configs not set: CONFIG_AUFS_FS (aufs)", ready.message());
        CheckResult noComment = result(readyWith(PreflightRole.WORKER, "CONFIG_NETFILTER_XT_MATCH_COMMENT=m\n", ""), "SystemVerification");
        assertTrue(noComment.fatal());
        assertEquals("unexpected kernel config: CONFIG_NETFILTER_XT_MATCH_COMMENT", noComment.message());
        assertTrue(noComment.fix().startsWith("boot a kernel built with the required options"), noComment.fix());
        CheckResult disabled = result(readyWith(PreflightRole.WORKER, "CONFIG_CGROUP_BPF=y", "CONFIG_CGROUP_BPF=n"), "SystemVerification");
        assertEquals("unexpected kernel config: CONFIG_CGROUP_BPF (eBPF device control of cgroups v2)", disabled.message(),
                "=n counts as missing; CGROUP_BPF is required on cgroups v2");
        CheckResult noOverlay = result(readyWith(PreflightRole.WORKER, "CONFIG_OVERLAY_FS=m\n", ""), "SystemVerification");
        assertTrue(noOverlay.passed(), "optional configs never fail SystemVerification, as in system-validators");
        assertTrue(noOverlay.message().endsWith("optional configs not set: CONFIG_OVERLAY_FS (overlayfs), CONFIG_AUFS_FS (aufs)"),
                noOverlay.message());
        CheckResult oldName = result(readyWith(PreflightRole.WORKER, "CONFIG_NETFILTER_XT_TARGET_REDIRECT=m\n", ""), "SystemVerification");
        assertTrue(oldName.passed(), "CONFIG_IP_NF_TARGET_REDIRECT counts as its alias");
    }

    @Test
    void noKernelConfigFileIsAnErrorAsInKubeadm() {
        String text = Fixtures.text("ubuntu-22.04-ready");
        String section = text.substring(text.indexOf("### kernel-config\n"), text.indexOf("### cpu-virt\n"));
        NodeFacts f = FactsParser.parse("cp1", text.replace(section, "### kernel-config\nnone\n\n"), Instant.EPOCH);
        CheckResult r = result(CheckCatalog.judge(f, PreflightRole.WORKER, Fixtures.RECORDED), "SystemVerification");
        assertTrue(r.fatal());
        assertTrue(r.message().startsWith("failed to parse kernel config: no kernel config file found in /proc/config.gz, "
                + "/boot/config-5.15.0-105-generic, /usr/src/linux-5.15.0-105-generic/.config, "), r.message());
        assertTrue(r.message().endsWith("/lib/modules/5.15.0-105-generic/build/.config, and the configs module gave no "
                + "/proc/config.gz"), r.message());
        assertTrue(r.fix().startsWith("install the kernel's config file"), r.fix());
        NodeFacts noZcat = FactsParser.parse("cp1", text.replace(section, "### kernel-config\nunreadable /proc/config.gz\n\n"),
                Instant.EPOCH);
        CheckResult unread = result(CheckCatalog.judge(noZcat, PreflightRole.WORKER, Fixtures.RECORDED), "SystemVerification");
        assertTrue(unread.passed(), "kubeadm reads it itself; here it was not read, which is no failure of the node");
        assertTrue(unread.message().endsWith("kernel config in /proc/config.gz not checked (no zcat or gzip on the node)"),
                unread.message());
        // Facts recorded before the probe existed carry no kernel config: nothing is judged from it.
        CheckResult older = result(Fixtures.judge("debian-10-kernel-4.19", PreflightRole.WORKER), "SystemVerification");
        assertFalse(older.message().contains("kernel config"), older.message());
    }
}
