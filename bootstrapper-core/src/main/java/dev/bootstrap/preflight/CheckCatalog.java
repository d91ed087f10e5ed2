package dev.bootstrap.preflight;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.pki.NodeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which checks run for a role, in kubeadm's order (docs/kubeadm-compat.md#preflight-checks; kubeadm's
 * cmd/kubeadm/app/preflight/checks.go, RunInitNodeChecks and RunJoinNodeChecks; control-plane join: the join
 * checks, then init's with "secondary control plane" semantics), followed by bootstrap's own checks for common
 * setup failures kubeadm does not check.
 */
public final class CheckCatalog {

    public static final List<String> CONTROL_PLANE_MANIFESTS = Stream.of("kube-apiserver", "kube-controller-manager",
            "kube-scheduler", "etcd").map(NodeLayout::manifest).toList();
    /** kubeadm checks the default caCertPath here, as bootstrap writes it (join's kubelet-start). */
    public static final List<String> WORKER_FILES = List.of(NodeLayout.KUBELET_CONF, NodeLayout.BOOTSTRAP_KUBELET_CONF,
            NodeLayout.DEFAULT.caCert());
    public static final int KUBELET_PORT = 10250;

    private CheckCatalog() {
    }

    public static List<Check> checks(PreflightRole role, PreflightOptions options) {
        List<Check> checks = new ArrayList<>();
        checks.add(SystemChecks.isPrivilegedUser());
        if (role == PreflightRole.CONTROL_PLANE) {
            checks.addAll(controlPlane(options));
            checks.addAll(common(options));
            checks.add(NetworkChecks.ipForward());
            checks.add(NetworkChecks.ipv6Forwarding(Optional.empty(), options.cluster().cidrs()));
            checks.addAll(etcd(options, role));
        } else {
            // A joining control plane gets its CA from kubeadm-certs: only a worker's ca.crt must be absent.
            List<String> files = role == PreflightRole.WORKER ? WORKER_FILES : WORKER_FILES.subList(0, 2);
            files.forEach(p -> checks.add(FileChecks.fileAvailable(p)));
            options.controlPlaneHost().ifPresent(h -> checks.add(ProxyChecks.httpProxy(Optional.of(h))));
            checks.add(NetworkChecks.ipForward());
            options.controlPlaneHost().ifPresent(h -> checks.add(NetworkChecks.ipv6Forwarding(Optional.of(h), List.of())));
            checks.addAll(common(options));
            checks.add(NetworkChecks.firewalld(List.of(KUBELET_PORT)));
            if (role == PreflightRole.CONTROL_PLANE_JOIN) {
                // kubeadm's init checks for a secondary control plane: the common ones ran above.
                checks.addAll(controlPlane(options));
                checks.addAll(etcd(options, role));
            }
        }
        checks.addAll(beyondKubeadm());
        return checks;
    }

    /** What a control plane needs free before its static pods start (RunInitNodeChecks, before the common checks). */
    private static List<Check> controlPlane(PreflightOptions options) {
        int apiServerPort = options.cluster().bindPort();
        List<Check> checks = new ArrayList<>();
        checks.add(SystemChecks.numCpu());
        checks.add(SystemChecks.mem());
        checks.add(KubeletChecks.kubernetesVersion(options.target()));
        checks.add(NetworkChecks.firewalld(List.of(apiServerPort, KUBELET_PORT)));
        List.of(apiServerPort, 10259, 10257).forEach(p -> checks.add(NetworkChecks.port(p, options.cluster().bindAddress(p))));
        CONTROL_PLANE_MANIFESTS.forEach(p -> checks.add(FileChecks.fileAvailable(p)));
        checks.add(ProxyChecks.httpProxy(Optional.empty()));
        options.cluster().cidrs().forEach(c -> checks.add(ProxyChecks.httpProxyCidr(c)));
        return checks;
    }

    /**
     * kubeadm's etcd checks: an external etcd's version (not again on a joining control plane), a stacked
     * member's ports and empty data directory, an external etcd's client files (a joining control plane
     * downloads them from kubeadm-certs, and joins here always do).
     */
    private static List<Check> etcd(PreflightOptions options, PreflightRole role) {
        ClusterSetup setup = options.cluster();
        List<Check> checks = new ArrayList<>();
        VersionTable.Release release = VersionTable.nearest(options.target());
        setup.externalEtcd().filter(e -> checksExternalEtcdVersion(role))
                .ifPresent(e -> e.endpoints().forEach(ep -> checks.add(EtcdChecks.version(ep, release))));
        setup.etcdDataDir().ifPresent(dir -> checks.addAll(List.of(NetworkChecks.port(2379, setup.bindAddress(2379)),
                NetworkChecks.port(2380, setup.bindAddress(2380)),
                FileChecks.dirAvailable(dir))));
        if (role == PreflightRole.CONTROL_PLANE) {
            setup.externalEtcdFiles().forEach(f -> checks.add(EtcdChecks.clientFile(f)));
        }
        return checks;
    }

    /** Only the first control plane asks an external etcd for its version (kubeadm: not when joining). */
    static boolean checksExternalEtcdVersion(PreflightRole role) {
        return role == PreflightRole.CONTROL_PLANE;
    }

    /** Checks init and join share (kubeadm's addCommonChecks). */
    private static List<Check> common(PreflightOptions options) {
        List<Check> checks = new ArrayList<>();
        checks.add(RuntimeChecks.cri());
        VersionTable.Release release = VersionTable.nearest(options.target());
        if (release.has(VersionTable.Rule.CONTAINER_RUNTIME_VERSION_CHECK)) {
            checks.add(RuntimeChecks.containerRuntimeVersion(release));
        }
        checks.add(SystemChecks.swap());
        checks.addAll(ToolChecks.forTarget(options.target()));
        checks.add(SystemChecks.systemVerification(release));
        checks.add(SystemChecks.hostname());
        checks.add(KubeletChecks.kubeletVersion(options.target()));
        checks.add(KubeletChecks.serviceKubelet());
        checks.add(NetworkChecks.port(KUBELET_PORT, Optional.empty()));
        return checks;
    }

    /** Common setup failures that kubeadm does not check (or no longer checks). */
    private static List<Check> beyondKubeadm() {
        return List.of(
                SystemChecks.initSystem(),
                RuntimeChecks.criSocket(),
                RuntimeChecks.cgroupDriver(),
                SystemChecks.swapFstab(),
                NetworkChecks.brNetfilter(),
                NetworkChecks.bridgeNfCall("iptables"),
                NetworkChecks.bridgeNfCall("ip6tables"),
                NetworkChecks.ipvsModules(),
                SystemChecks.selinux(),
                SystemChecks.virtualization());
    }

    /** Every check of the role judged on the facts, with --ignore-preflight-errors applied. */
    public static List<CheckResult> judge(NodeFacts facts, PreflightRole role, PreflightOptions options) {
        return checks(role, options).stream().filter(c -> c.appliesTo(facts))
                .map(c -> options.ignore().apply(c.judge(facts))).toList();
    }
}
