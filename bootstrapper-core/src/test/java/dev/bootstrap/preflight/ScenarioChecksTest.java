package dev.bootstrap.preflight;

import static dev.bootstrap.preflight.Fixtures.failed;
import static dev.bootstrap.preflight.Fixtures.judge;
import static dev.bootstrap.preflight.Fixtures.result;
import static dev.bootstrap.preflight.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every check judged on recorded facts of real systems (src/test/resources/preflight). */
class ScenarioChecksTest {

    @Test
    void aReadyUbuntuNodePassesEverythingButTheInformational() {
        List<CheckResult> cp = judge("ubuntu-22.04-ready", PreflightRole.CONTROL_PLANE);
        assertEquals(List.of("IPVSModules"), failed(cp), "only IPVS modules are not loaded (INFO)");
        assertEquals(Severity.INFO, result(cp, "IPVSModules").severity());
        assertTrue(cp.stream().noneMatch(CheckResult::fatal));
        assertEquals("containerd answers at unix:///var/run/containerd/containerd.sock and is ready (RuntimeReady)",
                result(cp, "CRI").message());
        List<CheckResult> worker = judge("ubuntu-22.04-ready", PreflightRole.WORKER);
        assertEquals(List.of("IPVSModules"), failed(worker));
    }

    @Test
    void photonLacksToolsAndGetsTdnfHints() {
        List<CheckResult> r = judge("photon-3.0-missing-tools", PreflightRole.WORKER, target("v1.31.4"));
        for (String tool : List.of("socat", "ethtool", "ebtables", "ipset", "tar", "crictl")) {
            CheckResult c = result(r, "FileExisting-" + tool);
            assertFalse(c.passed(), tool);
            assertEquals(Severity.WARNING, c.severity(), tool);
            assertEquals(tool + " not found in system path", c.message());
        }
        CheckResult conntrack = result(r, "FileExisting-conntrack");
        assertEquals(Severity.ERROR, conntrack.severity());
        assertTrue(conntrack.fatal());
        assertEquals("tdnf install -y conntrack-tools", conntrack.fix());
        assertEquals("tdnf install -y socat", result(r, "FileExisting-socat").fix());
        assertEquals("tdnf install -y cri-tools", result(r, "FileExisting-crictl").fix());
        // br_netfilter is not loaded there, so the bridge sysctls do not even exist.
        assertEquals("modprobe br_netfilter && echo br_netfilter > /etc/modules-load.d/k8s.conf; or let 'bootstrap "
                + "prepare' (up: spec.prepare.kernelModules) do it and record it for reset",
                result(r, "KernelModule-br_netfilter").fix());
        assertEquals("/proc/sys/net/bridge/bridge-nf-call-iptables does not exist",
                result(r, "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables").message());
    }

    @Test
    void conntrackIsAnErrorBelow132AndAWarningFrom132OnAndCrictlIsCheckedOnlyIn131() {
        assertTrue(Fixtures.names(judge("photon-3.0-missing-tools", PreflightRole.WORKER, target("1.31.0"))).contains("FileExisting-crictl"));
        List<CheckResult> v132 = judge("photon-3.0-missing-tools", PreflightRole.WORKER, target("1.32.0"));
        CheckResult conntrack = result(v132, "FileExisting-conntrack");
        assertEquals(Severity.WARNING, conntrack.severity(), "kubeadm 1.32 dropped the check; kube-proxy still needs it");
        assertTrue(conntrack.warning());
        assertFalse(conntrack.fatal());
        assertEquals("tdnf install -y conntrack-tools", conntrack.fix());
        assertFalse(Fixtures.names(v132).contains("FileExisting-crictl"));
        List<CheckResult> v130 = judge("photon-3.0-missing-tools", PreflightRole.WORKER, target("1.30.2"));
        assertEquals(Severity.ERROR, result(v130, "FileExisting-conntrack").severity());
        assertTrue(result(v130, "FileExisting-conntrack").fatal());
        assertFalse(Fixtures.names(v130).contains("FileExisting-crictl"));
    }

    @Test
    void coreosHasNoPackageManager() {
        List<CheckResult> r = judge("coreos-2512", PreflightRole.WORKER, target("1.31.2"));
        String socatFix = result(r, "FileExisting-socat").fix();
        assertTrue(socatFix.startsWith("no package manager on CoreOS/Flatcar: run socat from 'toolbox'"), socatFix);
        assertTrue(result(r, "FileExisting-conntrack").fix().contains("conntrack"));
        CheckResult kubelet = result(r, "KubeletVersion");
        assertTrue(kubelet.fatal());
        assertEquals("download the kubelet v1.31 release binary to /opt/bin/kubelet", kubelet.fix());
        // Docker runs, but no CRI endpoint: Docker alone is no CRI runtime since 1.24.
        assertTrue(result(r, "CRI").message().startsWith("Docker is running, but Docker is not a CRI runtime"));
        assertTrue(result(r, "Hostname").message().endsWith("could not be reached"));
        assertTrue(result(r, "InitSystem").passed(), "Container Linux boots systemd");
    }

    @Test
    void rancherOsHasNoSystemd() {
        List<CheckResult> r = judge("rancheros-1.5", PreflightRole.WORKER);
        CheckResult init = result(r, "InitSystem");
        assertTrue(init.fatal());
        assertTrue(init.message().startsWith("PID 1 is 'system-docker': System has not been booted with systemd"), init.message());
        assertTrue(init.fix().startsWith("RancherOS runs system-docker as PID 1"), init.fix());
        assertEquals("no supported init system detected, skipping checking for services",
                result(r, "Service-Kubelet").message());
        assertTrue(result(r, "FileExisting-socat").fix().startsWith("no package manager on RancherOS"));
        assertEquals(Severity.WARNING, result(r, "SystemVerification").severity(), "cgroup v1 is a warning");
        assertFalse(result(r, "SystemVerification").passed());
    }

    @Test
    void wslNeedsSystemdEnabledAndSwapOff() {
        List<CheckResult> r = judge("wsl2-ubuntu-22.04", PreflightRole.CONTROL_PLANE);
        CheckResult init = result(r, "InitSystem");
        assertEquals("PID 1 is 'init': System has not been booted with systemd as init system (PID 1). Can't operate. "
                + "The kubelet cannot run as a systemd service", init.message());
        assertTrue(init.fix().startsWith("WSL: add '[boot]' and 'systemd=true' to /etc/wsl.conf"), init.fix());
        CheckResult swap = result(r, "Swap");
        assertTrue(swap.warning());
        assertTrue(swap.message().startsWith("swap is supported for cgroup v2 only."));
        assertEquals("swapoff -a; or let 'bootstrap prepare' (up: spec.prepare.swap) do it and record it for reset",
                swap.fix(), "the fix that lasts: prepare");
        assertTrue(result(r, "SwapFstab").passed(), "WSL turns swap on from .wslconfig, not /etc/fstab");
        assertTrue(result(r, "Hostname").passed(), "DESKTOP-7QK2J4M lower-cased is a valid node name");
        assertEquals("the WSL kernel lacks them: update it with 'wsl --update', or set a custom kernel in .wslconfig",
                result(r, "KernelModule-br_netfilter").fix());
    }

    @Test
    void ipvsNeedsNfConntrackIpv4Before419AndNfConntrackFrom419() {
        CheckResult cosmic = result(judge("ubuntu-18.10-kernel-4.18", PreflightRole.WORKER), "IPVSModules");
        assertEquals("kube-proxy in IPVS mode needs modules ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack_ipv4; "
                + "not loaded: ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack_ipv4", cosmic.message());
        assertTrue(cosmic.fix().startsWith("modprobe -a ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack_ipv4 && "), cosmic.fix());
        CheckResult buster = result(judge("debian-10-kernel-4.19", PreflightRole.WORKER), "IPVSModules");
        assertTrue(buster.passed(), buster.message());
        assertEquals("IPVS modules present: ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack", buster.message());
        assertEquals("nf_conntrack_ipv4", NetworkChecks.conntrackModule("4.18.0-25-generic"));
        assertEquals("nf_conntrack", NetworkChecks.conntrackModule("4.19.0-21-amd64"));
        assertEquals("nf_conntrack", NetworkChecks.conntrackModule("5.4.0"));
        assertEquals("nf_conntrack_ipv4", NetworkChecks.conntrackModule("3.10.0-1160.el7.x86_64"));
    }

    @Test
    void cgroupfsDriverOfDockerOrContainerdFailsAndSystemdPasses() {
        List<CheckResult> centos = judge("centos-7-docker-cgroupfs", PreflightRole.CONTROL_PLANE);
        CheckResult docker = result(centos, "CgroupDriver");
        assertTrue(docker.fatal());
        assertEquals("Docker (cri-dockerd) uses the cgroupfs cgroup driver (Docker's default on cgroups v1) but the "
                + "kubelet uses systemd; the kubelet would not become healthy", docker.message());
        assertEquals("add \"exec-opts\": [\"native.cgroupdriver=systemd\"] to /etc/docker/daemon.json, then systemctl "
                + "restart docker", docker.fix());
        CheckResult containerd = result(judge("debian-12-containerd-cgroupfs", PreflightRole.WORKER), "CgroupDriver");
        assertTrue(containerd.fatal());
        assertTrue(containerd.message().startsWith("containerd uses the cgroupfs cgroup driver (SystemdCgroup = false in"));
        CheckResult ready = result(judge("ubuntu-22.04-ready", PreflightRole.WORKER), "CgroupDriver");
        assertTrue(ready.passed());
        assertEquals("containerd uses the systemd cgroup driver (SystemdCgroup = true in /etc/containerd/config.toml)",
                ready.message());
        CheckResult crio = result(judge("fedora-40-containerd-crio", PreflightRole.WORKER), "CgroupDriver");
        assertTrue(crio.passed(), "no single runtime: nothing to compare");
    }

    @Test
    void swapOnAlsoInFstab() {
        List<CheckResult> r = judge("ubuntu-20.04-docker-dead", PreflightRole.WORKER);
        assertTrue(result(r, "Swap").warning());
        CheckResult fstab = result(r, "SwapFstab");
        assertTrue(fstab.warning());
        assertEquals("/etc/fstab turns swap on at boot: /swap.img\tnone\tswap\tsw\t0\t0", fstab.message());
    }

    @Test
    void dockerSocketPresentButDeadIsTheDaemonNotRunningCase() {
        List<CheckResult> r = judge("ubuntu-20.04-docker-dead", PreflightRole.WORKER);
        CheckResult cri = result(r, "CRI");
        assertTrue(cri.fatal());
        assertEquals("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
                cri.message());
        assertEquals("systemctl enable --now docker", cri.fix());
    }

    @Test
    void dockerWithItsContainerdUsesContainerdWhoseCriPluginDockerDisabled() {
        List<CheckResult> r = judge("ubuntu-22.04-docker-containerd", PreflightRole.WORKER);
        assertTrue(result(r, "CRISocket").passed(), "one CRI endpoint: docker.sock is no CRI endpoint");
        CheckResult cri = result(r, "CRI");
        assertTrue(cri.fatal());
        assertTrue(cri.message().startsWith("containerd answers but its CRI plugin is disabled"), cri.message());
    }

    @Test
    void dockerWinsOverItsOwnContainerdWhenCriDockerdRuns() {
        List<CheckResult> r = judge("centos-7-docker-cgroupfs", PreflightRole.CONTROL_PLANE);
        CheckResult socket = result(r, "CRISocket");
        assertEquals(Severity.WARNING, socket.severity());
        assertTrue(socket.warning());
        assertTrue(socket.message().contains("Docker (unix:///var/run/cri-dockerd.sock) is used"), socket.message());
        // Recorded before crictl info was gathered: the readiness is not known.
        assertEquals("Docker (cri-dockerd) answers at unix:///var/run/cri-dockerd.sock; whether it is ready was not asked "
                + "(crictl info did not run)", result(r, "CRI").message());
        // The rest of the classic CentOS 7 story: firewalld, SELinux, swap, an old kernel.
        assertTrue(result(r, "Firewalld").message().startsWith("firewalld is active, please ensure ports [6443 10250] are open"));
        assertTrue(result(r, "SELinux").warning());
        assertTrue(result(r, "Swap").warning());
        assertTrue(result(r, "SwapFstab").warning());
        CheckResult sv = result(r, "SystemVerification");
        assertEquals(Severity.WARNING, sv.severity());
        assertTrue(sv.message().contains("kernel 3.10.0-1160.119.1.el7.x86_64 is older than 4.14"), sv.message());
        assertEquals(OsFamily.RHEL_LEGACY, Fixtures.facts("centos-7-docker-cgroupfs").osFamily());
        assertEquals("yum install -y conntrack-tools iproute", OsFamily.RHEL_LEGACY.installTools(List.of("conntrack", "ip")));
    }

    @Test
    void containerdAndCrioTogetherIsKubeadmsMultipleEndpointsError() {
        List<CheckResult> r = judge("fedora-40-containerd-crio", PreflightRole.WORKER);
        CheckResult socket = result(r, "CRISocket");
        assertTrue(socket.fatal());
        assertEquals("found multiple CRI endpoints on the host. Please define which one do you wish to use by setting "
                + "the 'criSocket' field in the kubeadm configuration file: unix:///var/run/containerd/containerd.sock, "
                + "unix:///var/run/crio/crio.sock", socket.message());
        assertEquals("stop and disable the runtime you do not want, e.g. 'systemctl disable --now crio'", socket.fix());
        assertEquals("dnf install -y", OsFamily.of(Fixtures.facts("fedora-40-containerd-crio").osRelease())
                .install(List.of()).strip());
    }
}
