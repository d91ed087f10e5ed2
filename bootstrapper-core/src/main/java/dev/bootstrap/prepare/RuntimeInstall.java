package dev.bootstrap.prepare;

import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd, runc, the CNI plugins and crictl where the node lacks them: from {@code spec.prepare.binaries}, with
 * containerd's service for the node's service manager, or else from the node's packages (the distribution's CNI
 * plugins linked into /opt/cni/bin, where containerd and the CNI manifests look). A binary goes where nothing is;
 * one already on the node is kept, unless prepare put it there and the directory now holds another.
 */
final class RuntimeInstall implements PrepareItem {

    static final String CONTAINERD_UNIT = "/etc/systemd/system/containerd.service";
    static final String CONTAINERD_INIT = "/etc/init.d/containerd";
    static final String CRICTL_YAML = "/etc/crictl.yaml";
    /** What a kubeadm cluster's pods need from the plugins: flannel's delegates, portmap, and containerd's loopback. */
    static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "portmap", "loopback", "bandwidth",
            "firewall", "tuning");
    private static final String CRICTL = "runtime-endpoint: unix:///run/containerd/containerd.sock\n"
            + "image-endpoint: unix:///run/containerd/containerd.sock\ntimeout: 10\n";

    private final String host;

    RuntimeInstall(String host) {
        this.host = host;
    }

    /** Every path this item may write, for the inspection's sha256 list. */
    static List<String> paths(PrepareTarget target) {
        List<String> paths = new ArrayList<>(List.of(CONTAINERD_UNIT, CONTAINERD_INIT, CRICTL_YAML));
        CNI_PLUGINS.forEach(p -> paths.add(Binaries.CNI_BIN + p));
        target.binaries().ifPresent(b -> paths.addAll(b.nodePaths()));
        return paths;
    }

    @Override
    public List<PrepareAction> plan(NodeState state, PrepareTarget target) {
        if (!target.spec().containerd()) {
            return List.of();
        }
        return target.binaries().map(b -> fromBinaries(state, target, b)).orElseGet(() -> fromPackages(state));
    }

    private List<PrepareAction> fromBinaries(NodeState state, PrepareTarget target, Binaries binaries) {
        if (!state.has("containerd") && binaries.get("containerd").isEmpty()) {
            throw new HostException(host, "containerd is not installed and " + binaries.dir() + " has no containerd: "
                    + "add containerd, containerd-shim-runc-v2 and runc to it (with their SHA256SUMS lines)");
        }
        List<FileWrite> writes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc", "crictl")) {
            // A tool the node has on its PATH (a distribution's containerd) is kept: two would answer to one name.
            binaries.get(name).filter(b -> !state.has(name) && !state.exists(b.nodePath()) || ours(state, b))
                    .ifPresent(b -> {
                        writes.add(new FileWrite(b.nodePath(), b.content(), 0755, null));
                        names.add(name);
                    });
        }
        List<Binaries.Binary> plugins = binaries.cniPlugins().stream()
                .filter(b -> !state.exists(b.nodePath()) || ours(state, b)).toList();
        plugins.forEach(b -> writes.add(new FileWrite(b.nodePath(), b.content(), 0755, null)));
        if (!plugins.isEmpty()) {
            names.add(plugins.size() + " CNI plugins");
        }
        if (binaries.get("crictl").isPresent() && !state.holds(CRICTL_YAML, CRICTL)) {
            writes.add(new FileWrite(CRICTL_YAML, CRICTL.getBytes(StandardCharsets.UTF_8), 0644, null));
        }
        unit(state, target, "containerd", Binaries.BIN + "containerd").ifPresent(w -> {
            writes.add(w);
            names.add("its service " + w.path());
        });
        if (writes.isEmpty()) {
            return List.of();
        }
        return List.of(PrepareAction.write("installed from " + binaries.dir() + ": " + String.join(", ", names),
                List.of(), writes));
    }

    /** One prepare put there before, which the directory now holds in another version. */
    private static boolean ours(NodeState state, Binaries.Binary b) {
        return state.exists(b.nodePath()) && state.record().find(Kind.FILE, b.nodePath()).isPresent()
                && !b.sha256().equals(state.sha256().get(b.nodePath()));
    }

    /** The service definition prepare writes for a binary it installs, where the node has none. */
    static Optional<FileWrite> unit(NodeState state, PrepareTarget target, String service, String binary) {
        String kind = target.services().kind();
        String path = switch (kind) {
            case "systemd" -> "/etc/systemd/system/" + service + ".service";
            case "openrc" -> "/etc/init.d/" + service;
            default -> null; // "commands": the file's own start and stop commands
        };
        if (path == null || (state.units().contains(service) && state.record().find(Kind.FILE, path).isEmpty())) {
            return Optional.empty();
        }
        String template = service + "/" + service + (kind.equals("systemd") ? ".service" : ".openrc");
        String text = target.renderer().render(template, Map.of("binary", binary)).text();
        return state.holds(path, text) ? Optional.empty()
                : Optional.of(new FileWrite(path, text.getBytes(StandardCharsets.UTF_8),
                        kind.equals("openrc") ? 0755 : 0644, null));
    }

    private List<PrepareAction> fromPackages(NodeState state) {
        boolean containerd = !state.has("containerd");
        boolean plugins = !state.exists(Binaries.CNI_BIN + "loopback");
        if (!containerd && !plugins) {
            return List.of();
        }
        Packages packages = Packages.of(state.os()).orElseThrow(() -> new HostException(host, "containerd"
                + (containerd ? "" : "'s CNI plugins are") + (containerd ? " is" : "") + " not installed and prepare "
                + "knows no package manager on this OS (" + state.os() + "): set spec.prepare.binaries to a "
                + "directory with containerd, containerd-shim-runc-v2, runc and cni/<plugins>"));
        List<String> names = new ArrayList<>();
        if (containerd) {
            names.add(packages.containerd());
        }
        if (plugins) {
            names.add(packages.cniPlugins());
        }
        List<Change> records = new ArrayList<>(names.stream()
                .map(n -> Change.of(Kind.PACKAGE, packages.manager() + " " + n)).toList());
        StringBuilder script = new StringBuilder(packages.installCommand(names.toArray(String[]::new)))
                .append(" || { echo ").append(Shell.quote("installing " + String.join(" ", names) + " with "
                        + packages.manager() + " failed: is a repository providing them configured? Or set "
                        + "spec.prepare.binaries")).append(" >&2; exit 1; }\n");
        if (plugins) {
            script.append("mkdir -p ").append(Binaries.CNI_BIN).append('\n');
            for (String p : CNI_PLUGINS) {
                String link = Binaries.CNI_BIN + p;
                records.add(Change.of(Kind.FILE, link));
                script.append("[ -e ").append(Shell.quote(link)).append(" ] || ln -s ")
                        .append(Shell.quote(packages.cniDir() + "/" + p)).append(' ').append(Shell.quote(link))
                        .append('\n');
            }
        }
        return List.of(PrepareAction.run("installed with " + packages.manager() + ": " + String.join(", ", names),
                records, script.toString()));
    }
}
