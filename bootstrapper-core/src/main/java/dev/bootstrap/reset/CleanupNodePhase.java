package dev.bootstrap.reset;

import static dev.bootstrap.pki.NodeLayout.KUBELET_DIR;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.prepare.PrepareUndo;
import dev.bootstrap.state.Journal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubeadm reset's cleanup-node: stops the kubelet, unmounts what is mounted under
 * /var/lib/kubelet, removes the pod sandboxes, deletes the contents of kubeadm's directories and
 * its kubeconfig files; beyond kubeadm, it removes what a pod network left (the contents of the CNI
 * directories, and on a real node the CNI's own links), then undoes what bootstrap's prepare changed on the
 * node ({@link PrepareUndo}). One read-only command inspects the node, one command does the work. Never touches
 * iptables, IPVS, nftables, routes or any other link: on a remote node that could cut the very connection the
 * reset runs over; the CNI's rules go with the next boot or the next CNI, as after kubeadm reset. The container
 * runtime's images stay, so a rebuild pulls nothing.
 */
final class CleanupNodePhase implements Phase<ResetContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("cleanup-node", "Cleaning up the node");

    private static final String KUBELET = "kubelet";
    /** The bridge and tunnel links flannel and Calico make (cni0 is flannel's bridge, which its delegate names). */
    private static final List<String> CNI_LINKS = List.of("cni0", "flannel.1", "vxlan.calico");
    /**
     * Calico's IP-in-IP device: the ipip module's fallback device, which the kernel keeps whatever deletes it, so it
     * counts as left over while it carries an address, and is flushed and set down instead.
     */
    private static final String IPIP_LINK = "tunl0";

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(ResetContext ctx) {
        List<String> lines = new ArrayList<>();
        boolean changed = stopKubelet(ctx, lines);
        NodeState state = inspect(ctx);
        String script = actions(ctx, state, lines);
        if (!script.isEmpty()) {
            changed = true;
            CommandResult result = ctx.files().run(script, NodeScript.ACT_TIMEOUT);
            if (!result.ok()) {
                throw new HostException(ctx.node().name(), "cleanup-node did not finish (" + result.describeExit()
                        + ")" + result.stderrTail() + "\nfix what is named above and run reset again");
            }
        }
        // After the pods are gone: undoing prepare may stop and remove the runtime they ran on.
        List<String> undone = PrepareUndo.run(ctx.node(), ctx.services(), ctx.options().dryRun());
        lines.addAll(undone);
        changed |= undone.stream().anyMatch(l -> !l.startsWith("warning: "));
        return new Outcome(changed ? Status.CHANGED : Status.UNCHANGED, lines);
    }

    /** kubeadm only warns when the kubelet cannot be stopped (no init system, say): the rest still runs. */
    private static boolean stopKubelet(ResetContext ctx, List<String> lines) {
        String kind = ctx.services().kind();
        try {
            if (!ctx.services().isActive(ctx.node(), KUBELET)) {
                lines.add("The kubelet service is not running (" + kind + ")");
                return false;
            }
            ctx.services().stop(ctx.files(), KUBELET);
            if (!ctx.options().dryRun() && ctx.services().isActive(ctx.node(), KUBELET)) {
                lines.add("warning: the kubelet service is still running after '" + kind + "' stopped it, "
                        + "make sure the kubelet is stopped");
            } else {
                lines.add(ctx.said("Stopped the kubelet service (" + kind + ")", "Would stop the kubelet service ("
                        + kind + ")"));
            }
            return true;
        } catch (HostException e) {
            lines.add("warning: the kubelet service could not be stopped through " + kind + ": " + e.getMessage()
                    + ", make sure the kubelet is stopped");
            return false;
        }
    }

    /** What is on the node, from one read-only command. */
    private record NodeState(String kubeletDir, List<String> mounts, boolean crictl, List<String> pods,
                             String crictlError, List<String> nonEmptyDirs, List<String> files,
                             boolean journal, List<String> cniDirs, List<String> links) {
    }

    private static List<String> dirs(ResetContext ctx) {
        List<String> dirs = new ArrayList<>(List.of(NodeLayout.MANIFESTS_DIR, KUBELET_DIR,
                NodeLayout.DEFAULT_CERTIFICATES_DIR));
        if (ctx.options().cleanupTmpDir()) {
            dirs.add(NodeLayout.TMP_DIR);
        }
        return dirs;
    }

    private static NodeState inspect(ResetContext ctx) {
        Host node = ctx.node();
        StringBuilder s = new StringBuilder();
        s.append("K=$(readlink -f ").append(Shell.quote(node.shellPath(KUBELET_DIR))).append(" 2>/dev/null)")
                .append(" || K=").append(Shell.quote(node.shellPath(KUBELET_DIR))).append('\n');
        s.append("echo '### kubelet-dir'; printf '%s\\n' \"$K\"\n");
        s.append("echo '### root'; readlink -f ").append(Shell.quote(node.shellPath("/"))).append('\n');
        s.append("echo '### mounts'; cat /proc/mounts\n");
        // crictl warns on stderr even when it works (default endpoints): only stdout holds pod IDs.
        s.append("if command -v crictl >/dev/null 2>&1; then echo '### crictl-pods'; crictl -t 10s pods -q 2>/dev/null; ")
                .append("echo \"### crictl-exit $?\"; fi\n");
        List<String> dirs = dirs(ctx);
        for (int i = 0; i < dirs.size(); i++) {
            // The trailing slash in countEntries follows a symlinked directory, as the resolved path would.
            s.append("echo '### dir").append(i).append("'; ")
                    .append(NodeScript.countEntries(node.shellPath(dirs.get(i)))).append('\n');
        }
        List<String> files = new ArrayList<>(NodeLayout.KUBECONFIGS);
        files.add(Journal.DEFAULT_PATH);
        s.append("echo '### files'\n");
        for (String f : files) {
            String q = Shell.quote(node.shellPath(f));
            s.append("if [ -e ").append(q).append(" ] || [ -L ").append(q).append(" ]; then echo 1; else echo 0; fi\n");
        }
        for (int i = 0; i < NodeLayout.CNI_DIRS.size(); i++) {
            s.append("echo '### cni-dir").append(i).append("'; ")
                    .append(NodeScript.countEntries(node.shellPath(NodeLayout.CNI_DIRS.get(i)))).append('\n');
        }
        if (!node.mapsPaths()) {
            // Links are the node's own, not a --rootfs directory's; read from sysfs and ip, never changed here.
            s.append("echo '### links'; for l in");
            CNI_LINKS.forEach(l -> s.append(' ').append(Shell.quote(l)));
            s.append("; do [ -e /sys/class/net/\"$l\" ] && echo \"$l\"; done; ")
                    .append("ip -o -4 addr show dev ").append(IPIP_LINK).append(" 2>/dev/null | grep -q . && echo ")
                    .append(IPIP_LINK).append('\n');
        }
        Map<String, List<String>> out = NodeScript.inspect(node, s.toString(), "the node's kubelet, mounts and files");
        String kubeletDir = out.get("kubelet-dir").get(0);
        requireInsideRoot(node, out.get("root").get(0), kubeletDir);
        List<String> nonEmpty = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            if (NodeScript.number(out, "dir" + i) > 0) {
                nonEmpty.add(dirs.get(i));
            }
        }
        List<String> cniDirs = new ArrayList<>();
        for (int i = 0; i < NodeLayout.CNI_DIRS.size(); i++) {
            if (NodeScript.number(out, "cni-dir" + i) > 0) {
                cniDirs.add(NodeLayout.CNI_DIRS.get(i));
            }
        }
        List<String> links = out.getOrDefault("links", List.of()).stream().map(String::trim)
                .filter(l -> CNI_LINKS.contains(l) || l.equals(IPIP_LINK)).toList();
        List<String> flags = out.get("files");
        List<String> present = new ArrayList<>();
        for (int i = 0; i < NodeLayout.KUBECONFIGS.size(); i++) {
            if (flags.get(i).trim().equals("1")) {
                present.add(NodeLayout.KUBECONFIGS.get(i));
            }
        }
        boolean crictl = out.containsKey("crictl-pods");
        List<String> pods = out.getOrDefault("crictl-pods", List.of()).stream().map(String::trim)
                .filter(l -> l.matches("[0-9a-zA-Z-]+")).toList();
        String crictlExit = out.keySet().stream().filter(k -> k.startsWith("crictl-exit ")).findFirst()
                .map(k -> k.substring("crictl-exit ".length())).orElse("0");
        return new NodeState(kubeletDir, MountTable.parse(String.join("\n", out.get("mounts"))).below(kubeletDir),
                crictl, crictlExit.equals("0") ? pods : List.of(), crictlExit.equals("0") ? null : "exit " + crictlExit,
                nonEmpty, present, flags.get(NodeLayout.KUBECONFIGS.size()).trim().equals("1"), cniDirs, links);
    }

    /** Under --rootfs, a symlinked kubelet directory must not lead to this machine's own files. */
    private static void requireInsideRoot(Host node, String root, String resolved) {
        if (!root.equals("/") && !resolved.equals(root) && !resolved.startsWith(root + "/")) {
            throw new HostException(node.name(), KUBELET_DIR + " resolves to " + resolved + ", outside the root "
                    + root + "; refusing to clean it");
        }
    }

    /** The one command that does the work (empty when there is nothing to do), and its report lines. */
    private static String actions(ResetContext ctx, NodeState state, List<String> lines) {
        Host node = ctx.node();
        StringBuilder s = new StringBuilder();
        if (!state.mounts().isEmpty()) {
            s.append("um=0\n");
            for (String m : state.mounts()) {
                s.append("umount -- ").append(Shell.quote(m)).append(" || um=1\n");
            }
            s.append("if [ $um != 0 ]; then echo ").append(Shell.quote("could not unmount everything under "
                    + KUBELET_DIR + ", so its contents were kept; unmount the directories named above")).append(
                    " >&2; rc=1; fi\n");
            lines.add(ctx.said("Unmounted mounted directories in \"" + KUBELET_DIR + "\": " + state.mounts(),
                    "Would unmount mounted directories in \"" + KUBELET_DIR + "\": " + state.mounts()));
        }
        if (!state.crictl()) {
            lines.add("warning: crictl not found: pod sandboxes were not removed, remove them with your "
                    + "container runtime's tools");
        } else if (state.crictlError() != null) {
            lines.add("warning: listing pod sandboxes with crictl failed (" + state.crictlError() + "), so they were "
                    + "not removed: is the container runtime running?");
        } else if (!state.pods().isEmpty()) {
            // kubeadm's StopPodSandbox + RemovePodSandbox, five tries each.
            s.append("retry() { n=0; until \"$@\" >/dev/null 2>&1; do n=$((n+1)); [ $n -lt 5 ] || return 1; ")
                    .append("sleep 1; done; }\n");
            for (String pod : state.pods()) {
                String p = Shell.quote(pod);
                s.append("retry crictl -t 10s stopp ").append(p).append(" && retry crictl -t 10s rmp ").append(p)
                        .append(" || { echo \"could not remove pod sandbox \"").append(p).append(" >&2; rc=1; }\n");
            }
            lines.add(ctx.said("Removed " + state.pods().size() + " pod sandboxes (crictl stopp, rmp)",
                    "Would remove " + state.pods().size() + " pod sandboxes (crictl stopp, rmp)"));
        }
        for (String dir : state.nonEmptyDirs()) {
            String shellDir = dir.equals(KUBELET_DIR) ? state.kubeletDir() : node.shellPath(dir);
            String delete = NodeScript.deleteContents(shellDir) + " || rc=1";
            if (dir.equals(KUBELET_DIR) && !state.mounts().isEmpty()) {
                // kubeadm keeps the kubelet directory when unmounting failed: deleting would reach into the mounts.
                s.append("if [ $um = 0 ]; then ").append(delete).append("; fi\n");
            } else {
                s.append(delete).append('\n');
            }
        }
        if (!state.nonEmptyDirs().isEmpty()) {
            lines.add(ctx.said("Deleted contents of directories: " + state.nonEmptyDirs(),
                    "Would delete contents of directories: " + state.nonEmptyDirs()));
        }
        List<String> remove = new ArrayList<>(state.files());
        if (state.journal()) {
            remove.add(Journal.DEFAULT_PATH);
        }
        if (!remove.isEmpty()) {
            s.append("rm -f --");
            remove.forEach(f -> s.append(' ').append(Shell.quote(node.shellPath(f))));
            s.append(" || rc=1\n");
        }
        if (!state.files().isEmpty()) {
            lines.add(ctx.said("Deleted files: " + state.files(), "Would delete files: " + state.files()));
        }
        if (state.journal()) {
            // Its records describe the cluster that is gone; a later run must not skip steps because of them.
            lines.add(ctx.said("Deleted the bootstrap journal " + Journal.DEFAULT_PATH,
                    "Would delete the bootstrap journal " + Journal.DEFAULT_PATH));
        }
        cniActions(ctx, state, s, lines);
        if (s.isEmpty()) {
            lines.add("Nothing left to clean up");
            return "";
        }
        return "rc=0\n" + s + "exit $rc\n";
    }

    /** The pod network's part of the work: its directories emptied (kept, as kubeadm's), its links removed. */
    private static void cniActions(ResetContext ctx, NodeState state, StringBuilder s, List<String> lines) {
        Host node = ctx.node();
        for (String dir : state.cniDirs()) {
            s.append(NodeScript.deleteContents(node.shellPath(dir))).append(" || rc=1\n");
        }
        if (!state.cniDirs().isEmpty()) {
            lines.add(ctx.said("Deleted contents of the CNI directories: " + state.cniDirs(),
                    "Would delete contents of the CNI directories: " + state.cniDirs()));
        }
        for (String link : state.links()) {
            String l = Shell.quote(link);
            String act = link.equals(IPIP_LINK) ? "ip addr flush dev " + l + " && ip link set " + l + " down"
                    : "ip link delete " + l;
            s.append(act).append(" || { echo ").append(Shell.quote("could not remove the link " + link)).append(
                    " >&2; rc=1; }\n");
        }
        if (!state.links().isEmpty()) {
            lines.add(ctx.said("Removed the CNI's links: " + state.links(), "Would remove the CNI's links: "
                    + state.links()) + (state.links().contains(IPIP_LINK) ? " (" + IPIP_LINK + " is the kernel's "
                    + "own: flushed and set down)" : ""));
        }
    }
}
