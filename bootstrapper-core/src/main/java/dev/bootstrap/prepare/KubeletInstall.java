package dev.bootstrap.prepare;

import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * The kubelet where the node lacks it: from {@code spec.prepare.binaries} (with its service for the node's service
 * manager; the flags come from the drop-in init and join write), or the node's package at the cluster's version,
 * then pinned there (apt-mark hold, versionlock) so a routine upgrade cannot move it past the control plane.
 */
final class KubeletInstall implements PrepareItem {

    private final String host;

    KubeletInstall(String host) {
        this.host = host;
    }

    static List<String> paths() {
        return List.of(Binaries.KUBELET, "/etc/systemd/system/kubelet.service", "/etc/init.d/kubelet");
    }

    @Override
    public List<PrepareAction> plan(NodeState state, PrepareTarget target) {
        if (!target.spec().kubelet()) {
            return List.of();
        }
        List<PrepareAction> actions = new ArrayList<>();
        if (target.binaries().isPresent()) {
            List<FileWrite> writes = new ArrayList<>();
            target.binaries().get().get("kubelet")
                    .filter(b -> !state.has("kubelet") || state.record().find(Kind.FILE, b.nodePath()).isPresent()
                            && !b.sha256().equals(state.sha256().get(b.nodePath())))
                    .ifPresent(b -> writes.add(new FileWrite(b.nodePath(), b.content(), 0755, null)));
            if (!state.has("kubelet") && writes.isEmpty()) {
                throw new HostException(host, "the kubelet is not installed and " + target.binaries().get().dir()
                        + " has no kubelet: add it (with its SHA256SUMS line) or install the kubelet on the node");
            }
            String binary = state.tools().getOrDefault("kubelet", Binaries.KUBELET);
            RuntimeInstall.unit(state, target, "kubelet", binary).ifPresent(writes::add);
            if (!writes.isEmpty()) {
                actions.add(PrepareAction.write("kubelet: " + String.join(", ", writes.stream().map(FileWrite::path)
                        .toList()), List.of(), writes));
            }
            return actions;
        }
        if (state.has("kubelet")) {
            return actions;
        }
        Packages packages = Packages.of(state.os()).orElseThrow(() -> new HostException(host, "the kubelet is not "
                + "installed and prepare knows no package manager on this OS (" + state.os() + "): set "
                + "spec.prepare.binaries to a directory with the kubelet"));
        String pkg = packages.kubelet(target.cluster().kubernetesVersion());
        String minor = "v1." + target.cluster().kubernetesVersion().minor();
        actions.add(PrepareAction.run("kubelet installed with " + packages.manager() + " (" + pkg + ") and pinned",
                List.of(Change.of(Kind.PACKAGE, packages.manager() + " kubelet"),
                        Change.of(Kind.HOLD, packages.manager() + " kubelet")),
                packages.installCommand(pkg) + " || { echo " + Shell.quote("no " + pkg + " package: add the "
                        + "pkgs.k8s.io repository of " + minor + " (https://pkgs.k8s.io/core:/stable:/" + minor
                        + "/) or set spec.prepare.binaries") + " >&2; exit 1; }\n" + packages.hold() + " kubelet"));
        return actions;
    }
}
