package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names are what users pass to --ignore-preflight-errors: they must be kubeadm's, in kubeadm's order. */
class CheckNamesTest {

    @Test
    void pathNamesReplaceEverySlashSoAbsolutePathsGiveADoubleDash() {
        assertEquals("FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml",
                Check.pathName("FileAvailable", "/etc/kubernetes/manifests/kube-apiserver.yaml"));
        assertEquals("DirAvailable--var-lib-etcd", Check.pathName("DirAvailable", "/var/lib/etcd"));
        assertEquals("FileContent--proc-sys-net-ipv4-ip_forward", Check.pathName("FileContent", "/proc/sys/net/ipv4/ip_forward"));
    }

    @Test
    void initChecksInKubeadmOrderThenSeedChecks() {
        List<String> names = CheckCatalog.checks(PreflightRole.CONTROL_PLANE, Fixtures.target("1.31.0")).stream().map(Check::name).toList();
        assertEquals(List.of("IsPrivilegedUser", "NumCPU", "Mem", "KubernetesVersion", "Firewalld",
                "Port-6443", "Port-10259", "Port-10257",
                "FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml",
                "FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml",
                "FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml",
                "FileAvailable--etc-kubernetes-manifests-etcd.yaml",
                "HTTPProxy", "HTTPProxyCIDR",
                "CRI", "Swap", "FileExisting-conntrack", "FileExisting-ip", "FileExisting-iptables", "FileExisting-mount",
                "FileExisting-nsenter", "FileExisting-ebtables", "FileExisting-ethtool", "FileExisting-socat",
                "FileExisting-tc", "FileExisting-touch", "FileExisting-crictl", "FileExisting-ipset", "FileExisting-tar",
                "SystemVerification", "Hostname", "KubeletVersion", "Service-Kubelet", "Port-10250",
                "FileContent--proc-sys-net-ipv4-ip_forward", "FileContent--proc-sys-net-ipv6-conf-default-forwarding",
                "Port-2379", "Port-2380", "DirAvailable--var-lib-etcd",
                "InitSystem", "CRISocket", "CgroupDriver", "SwapFstab", "KernelModule-br_netfilter",
                "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables",
                "FileContent--proc-sys-net-bridge-bridge-nf-call-ip6tables", "IPVSModules", "SELinux", "Virtualization"),
                names);
    }

    @Test
    void joinChecksForAWorker() {
        List<String> names = CheckCatalog.checks(PreflightRole.WORKER, Fixtures.RECORDED).stream().map(Check::name).toList();
        assertEquals(List.of("IsPrivilegedUser", "FileAvailable--etc-kubernetes-kubelet.conf",
                "FileAvailable--etc-kubernetes-bootstrap-kubelet.conf", "FileAvailable--etc-kubernetes-pki-ca.crt"),
                names.subList(0, 4));
        assertEquals("FileContent--proc-sys-net-ipv4-ip_forward", names.get(4));
        assertEquals(List.of("CRI", "Swap", "FileExisting-conntrack", "FileExisting-ip"), names.subList(5, 9));
    }

    @Test
    void controlPlaneJoinRunsTheJoinChecksThenInitsControlPlaneChecksWithoutTheCommonOnesTwice() {
        List<String> names = CheckCatalog.checks(PreflightRole.CONTROL_PLANE_JOIN, Fixtures.RECORDED).stream()
                .map(Check::name).toList();
        List<String> worker = CheckCatalog.checks(PreflightRole.WORKER, Fixtures.RECORDED).stream().map(Check::name).toList();
        List<String> joinPart = worker.subList(0, worker.indexOf("InitSystem")).stream()
                .filter(n -> !n.equals("FileAvailable--etc-kubernetes-pki-ca.crt")).toList();
        assertEquals(joinPart, names.subList(0, joinPart.size()), "the join checks first, without a worker's ca.crt");
        assertEquals(List.of("NumCPU", "Mem", "KubernetesVersion", "Firewalld", "Port-6443", "Port-10259", "Port-10257",
                "FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml",
                "FileAvailable--etc-kubernetes-manifests-kube-controller-manager.yaml",
                "FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml",
                "FileAvailable--etc-kubernetes-manifests-etcd.yaml", "HTTPProxy", "HTTPProxyCIDR",
                "Port-2379", "Port-2380", "DirAvailable--var-lib-etcd", "InitSystem"),
                names.subList(joinPart.size(), joinPart.size() + 17));
        assertEquals(1, names.stream().filter("Port-10250"::equals).count(), "common checks run once");
    }

    @Test
    void existingFilesAndPortsOfAnEarlierClusterAreErrors() {
        String text = Fixtures.text("ubuntu-22.04-ready")
                .replace("### files\n", "### files\n/etc/kubernetes/manifests/etcd.yaml\n/etc/kubernetes/kubelet.conf\n")
                .replace("### etcd-dir\nabsent", "### etcd-dir\nnonempty")
                // 0x192B = 6443 on 0.0.0.0, 0x2710 would be 10000 (not ours)
                .replace("### tcp-listen\n", "### tcp-listen\n   9: 00000000:192B 00000000:0000 0A 00000000:00000000 00:00000000 "
                        + "00000000     0        0 31012 1 0000000000000000 100 0 0 10 0\n");
        NodeFacts f = FactsParser.parse("cp1", text, java.time.Instant.EPOCH);
        List<CheckResult> cp = CheckCatalog.judge(f, PreflightRole.CONTROL_PLANE, Fixtures.RECORDED);
        assertEquals(List.of("Port-6443", "FileAvailable--etc-kubernetes-manifests-etcd.yaml", "DirAvailable--var-lib-etcd"),
                cp.stream().filter(CheckResult::fatal).map(CheckResult::name).toList());
        assertEquals("Port 6443 is in use", Fixtures.result(cp, "Port-6443").message());
        assertEquals("/var/lib/etcd is not empty", Fixtures.result(cp, "DirAvailable--var-lib-etcd").message());
        List<CheckResult> worker = CheckCatalog.judge(f, PreflightRole.WORKER, Fixtures.RECORDED);
        assertEquals(List.of("FileAvailable--etc-kubernetes-kubelet.conf"),
                worker.stream().filter(CheckResult::fatal).map(CheckResult::name).toList());
        assertEquals("/etc/kubernetes/kubelet.conf already exists",
                Fixtures.result(worker, "FileAvailable--etc-kubernetes-kubelet.conf").message());
        List<CheckResult> cpJoin = CheckCatalog.judge(f, PreflightRole.CONTROL_PLANE_JOIN, Fixtures.RECORDED);
        assertEquals(List.of("FileAvailable--etc-kubernetes-kubelet.conf", "Port-6443",
                "FileAvailable--etc-kubernetes-manifests-etcd.yaml", "DirAvailable--var-lib-etcd"),
                cpJoin.stream().filter(CheckResult::fatal).map(CheckResult::name).toList());
    }
}
