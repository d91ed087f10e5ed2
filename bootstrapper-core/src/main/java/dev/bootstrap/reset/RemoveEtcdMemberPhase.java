package dev.bootstrap.reset;

import dev.bootstrap.etcd.EtcdManifest;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm reset's remove-etcd-member: removes the node's member from the etcd cluster (through
 * the {@link EtcdMemberRemoval} seam) and deletes the contents of the local etcd data directory.
 */
final class RemoveEtcdMemberPhase implements Phase<ResetContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("remove-etcd-member", "Removing the local etcd member");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(ResetContext ctx) {
        Host node = ctx.node();
        List<String> lines = new ArrayList<>();
        Optional<byte[]> manifest = node.readFile(EtcdManifest.PATH);
        String dataDir = manifest.map(m -> dataDirOf(m, lines)).orElse(NodeLayout.DEFAULT_ETCD_DATA_DIR);
        NodeScript.requireCleanable(node, dataDir, "the etcd data directory from " + EtcdManifest.PATH);
        String shellDir = node.shellPath(dataDir);
        int entries = NodeScript.number(NodeScript.inspect(node,
                "echo '### entries'; " + NodeScript.countEntries(shellDir), "the etcd data directory"), "entries");
        if (manifest.isPresent()) {
            // A stacked etcd member: kubeadm removes it from the cluster before deleting its data.
            lines.addAll(ctx.etcd().removeMember(node, ctx.options().dryRun()));
        }
        if (entries == 0) {
            lines.add(manifest.isPresent() ? "The etcd data directory " + dataDir + " is already empty"
                    : "No etcd manifest and no data in " + dataDir + ": nothing to delete");
            return new Outcome(Status.UNCHANGED, lines);
        }
        ctx.files().runChecked(NodeScript.deleteContents(shellDir), NodeScript.ACT_TIMEOUT);
        lines.add(ctx.said("Deleted contents of the etcd data directory: " + dataDir,
                "Would delete contents of the etcd data directory: " + dataDir));
        return new Outcome(Status.CHANGED, lines);
    }

    private static String dataDirOf(byte[] manifest, List<String> lines) {
        try {
            Optional<String> dir = EtcdManifest.dataDir(new String(manifest, StandardCharsets.UTF_8));
            if (dir.isEmpty()) {
                lines.add("warning: " + EtcdManifest.PATH + " names no --data-dir and no etcd-data volume, using "
                        + NodeLayout.DEFAULT_ETCD_DATA_DIR);
            }
            return dir.orElse(NodeLayout.DEFAULT_ETCD_DATA_DIR);
        } catch (RuntimeException e) {
            lines.add("warning: cannot read " + EtcdManifest.PATH + " (" + e.getMessage() + "), using "
                    + NodeLayout.DEFAULT_ETCD_DATA_DIR);
            return NodeLayout.DEFAULT_ETCD_DATA_DIR;
        }
    }
}
