package dev.bootstrap.up;

import dev.bootstrap.etcd.EtcdSnapshot;
import dev.bootstrap.etcd.NodeEtcd;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import java.io.IOException;
import java.time.Instant;

/**
 * Before a rolling upgrade changes anything: a snapshot of etcd through its own API, from the first control plane's
 * member, checksummed and kept on this machine ({@link UpOptions#snapshotDir()}), the newest {@value #KEEP} per
 * cluster. kubeadm's copy of the data directory stays on the node and is not a consistent snapshot; this one is what
 * a restore starts from. External etcd is the user's to back up.
 */
final class EtcdSnapshotPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("etcd-snapshot", "Save a snapshot of etcd on this machine");
    static final int KEEP = 5;

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) throws IOException {
        if (!node.run().file.kubeadm().localEtcd()) {
            return Outcome.skipped("external etcd: its snapshots are yours to take");
        }
        EtcdSnapshot.Saved saved = EtcdSnapshot.save(NodeEtcd.client(node.host()), node.run().options.snapshotDir(),
                node.run().file.name(), Instant.now(), KEEP);
        return Outcome.changed("saved " + saved.file() + " (" + saved.size() + " bytes, sha256 " + saved.sha256()
                + saved.revision().stream().mapToObj(r -> ", revision " + r).findFirst().orElse("") + ")",
                "checksum in " + saved.sumFile() + (saved.removed().isEmpty() ? "" : "; removed older " + saved.removed()));
    }
}
