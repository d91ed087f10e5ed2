package dev.bootstrap.join;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.etcd.EtcdJoin;
import dev.bootstrap.etcd.EtcdMemberClient;
import dev.bootstrap.host.Host;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * kubeadm join's etcd-join (since 1.35 the control-plane-join/etcd sub-phase it replaced is hidden; before
 * kubelet-wait-bootstrap, as the kubelet may talk to the API server next to this etcd): add this node's etcd as a learner through an existing
 * member, write etcd.yaml with the whole --initial-cluster and --initial-cluster-state=existing (the
 * kubelet, started earlier, runs it), then promote the learner once it has caught up. The existing
 * member is reached at the controlPlaneEndpoint's host on port 2379 (kubeadm reads the etcd Pods'
 * advertise-client-urls annotation instead; with a stacked first control plane both name it).
 */
final class EtcdJoinPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("etcd-join", "Join etcd for control plane nodes");

    private final ControlPlanePreparePhase prepare;
    private final ControlPlaneSettings settings;

    EtcdJoinPhase(ControlPlanePreparePhase prepare, ControlPlaneSettings settings) {
        this.prepare = prepare;
        this.settings = settings;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) throws InterruptedException {
        KubeadmConfig config = context.controlPlaneConfig(settings.advertiseAddress());
        if (!config.cluster().localEtcd()) {
            return Outcome.skipped("external etcd: no local member");
        }
        String peerUrl = "https://" + HostPort.join(config.advertiseAddress(), 2380);
        if (context.settings().dryRun()) {
            return Outcome.skipped("dry run: would add " + peerUrl + " as a learner through an existing member ("
                    + ExistingEtcd.HOW + "), write " + NodeLayout.ETCD_MANIFEST + " and promote it");
        }
        ExistingEtcd.Found existing;
        try (KubernetesClient admin = AdminKubeconfig.client(context)) {
            existing = ExistingEtcd.connect(ExistingEtcd.candidates(admin, AdminKubeconfig.source(context),
                    config.controlPlaneUrl()), clients(context.files(), config));
        }
        EtcdMemberClient members = existing.client();
        boolean voting = existing.members().stream().anyMatch(m -> m.peerUrls().contains(peerUrl) && !m.learner());
        if (voting && context.files().stat(NodeLayout.ETCD_MANIFEST).isPresent()) {
            return Outcome.unchanged("etcd member " + config.nodeName() + " (" + peerUrl + ") is a voting member of "
                    + "the cluster already, as " + existing.candidate() + " reports");
        }
        List<String> lines = new ArrayList<>();
        EtcdJoin.Learner learner = EtcdJoin.addLearner(members, config.nodeName(), peerUrl);
        lines.add((learner.added() ? "added " : "found ") + "learner " + config.nodeName() + " at " + peerUrl
                + " through " + existing.candidate());
        lines.add(prepare.files(context).writeEtcd(learner.initialCluster()));
        boolean promoted = EtcdJoin.promote(members, peerUrl, settings.etcdTimeout(), Duration.ofSeconds(1));
        lines.add(promoted ? "promoted " + config.nodeName() + " to a voting member once in sync"
                : config.nodeName() + " was a voting member already");
        return Outcome.changed(lines.toArray(String[]::new));
    }

    /** Clients with this node's apiserver-etcd-client certificate, written by control-plane-prepare. */
    private static Function<String, EtcdMemberClient> clients(Host host, KubeadmConfig config) {
        NodeLayout pki = config.cluster().layout();
        byte[] ca = read(host, pki.cert(KubeadmCertificates.ETCD_CA));
        byte[] cert = read(host, pki.cert(KubeadmCertificates.APISERVER_ETCD_CLIENT));
        byte[] key = read(host, pki.key(KubeadmCertificates.APISERVER_ETCD_CLIENT));
        return endpoint -> new EtcdMemberClient(endpoint, ca, cert, key);
    }

    private static byte[] read(Host host, String path) {
        return host.readFile(path).orElseThrow(() -> new JoinException("[" + host.name() + "] " + path
                + " is missing; run the control-plane-prepare phase first"));
    }
}
