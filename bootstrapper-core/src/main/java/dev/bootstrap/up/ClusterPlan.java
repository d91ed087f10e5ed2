package dev.bootstrap.up;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.prepare.Binaries;
import dev.bootstrap.prepare.NodePreparation;
import dev.bootstrap.prepare.PreparePhase;
import dev.bootstrap.prepare.PrepareTarget;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.cluster.Role;
import dev.bootstrap.cni.CniManifests;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.kubeconfig.ExistingKubeconfig;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.ExpirationReport;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.state.Journal;
import dev.bootstrap.state.StepStatus;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.upgrade.ComponentCertificates;
import dev.bootstrap.upgrade.ManifestDiff;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bootstrap plan}: what {@code up} would do on each node of a cluster file, and why, found by
 * looking only (reads over SSH and from the API server; nothing is written anywhere).
 */
public final class ClusterPlan {

    private final TemplateRenderer templates;
    private final Map<String, String> environment;

    /** With the built-in templates and no proxy variables. */
    public ClusterPlan() {
        this(new TemplateRenderer(TemplateSource.builtIn()), Map.of());
    }

    /** @param environment supplies proxy variables to the static pods, as for up */
    public ClusterPlan(TemplateRenderer templates, Map<String, String> environment) {
        this.templates = templates;
        this.environment = Map.copyOf(environment);
    }

    static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    private static final String UNREACHABLE = ConnectPhase.SPEC.name();

    /** One thing up would do on a node, and the reason. */
    public record Action(String what, String why) {
    }

    /** A node of the file and what would happen to it; no actions means it is converged. */
    public record NodePlan(String node, Role role, List<Action> actions) {
        /** This plan with {@code first} before its own actions. */
        NodePlan after(List<Action> first) {
            List<Action> all = new ArrayList<>(first);
            all.addAll(actions);
            return new NodePlan(node, role, all);
        }

        NodePlan with(Action action) {
            List<Action> more = new ArrayList<>(actions);
            more.add(action);
            return new NodePlan(node, role, more);
        }
    }

    /**
     * @param removed    nodes the cluster has that the file no longer lists ({@code up --prune} removes them)
     * @param notes      what could not be looked at, and why
     * @param unresolved images no node could pull through spec.registries ({@link ClusterUp#unresolvedImages}):
     *                   up would stop on them before touching any node
     */
    public record Result(List<NodePlan> nodes, List<String> removed, List<String> notes, List<String> unresolved) {
        public boolean converged() {
            return removed.isEmpty() && unresolved.isEmpty() && nodes.stream().allMatch(n -> n.actions().isEmpty());
        }

        /** The nodes that could not be reached: what up would do there is unknown. */
        public List<String> unreachable() {
            return nodes.stream().filter(n -> n.actions().stream().anyMatch(a -> a.what().equals(UNREACHABLE)))
                    .map(NodePlan::node).toList();
        }
    }

    public Result plan(ClusterFile file, HostResolver hosts, Duration wait, Instant now) throws InterruptedException {
        List<String> notes = new ArrayList<>();
        ClusterNode first = file.firstControlPlane();
        Optional<Host> firstHost = reach(hosts, first);
        Optional<byte[]> clusterCa = firstHost.flatMap(h -> h.readFile(file.kubeadm().layout().caCert()));
        Optional<UpgradePath> upgrade = firstHost.flatMap(h -> RollingUpgrade.needed(file, h));
        Optional<Binaries> binaries = file.prepare().enabled() && upgrade.isEmpty()
                ? file.prepare().binaries().map(Binaries::verify) : Optional.empty();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(file.concurrency(), file.nodes().size()));
        Journal journal = Journal.readOnly();
        try {
            List<Future<NodePlan>> futures = new ArrayList<>();
            for (ClusterNode node : file.nodes()) {
                futures.add(pool.submit(() -> {
                    Host host;
                    try {
                        host = hosts.resolve(node.name());
                    } catch (RuntimeException e) {
                        return new NodePlan(node.name(), node.role(), List.of(new Action(UNREACHABLE, "unreachable, up "
                                + "would fail on this node: " + e.getMessage())));
                    }
                    NodePlan planned = upgrade.map(u -> planUpgrade(file, node, host, u)).orElseGet(() -> node == first
                            ? planFirst(file, node, host, wait, now, journal) : planJoin(file, node, host, clusterCa, now));
                    NodePlan plan = upgrade.isEmpty() && file.prepare().enabled()
                            ? planned.after(prepare(file, node, host, binaries)) : planned;
                    return journal.warning(host).map(w -> plan.with(new Action("journal", w))).orElse(plan);
                }));
            }
            List<NodePlan> plans = new ArrayList<>();
            for (Future<NodePlan> f : futures) {
                plans.add(f.get());
            }
            List<String> removed = firstHost.isPresent() ? removedNodes(file, hosts, notes) : List.of();
            return new Result(plans, removed, notes, ClusterUp.unresolvedImages(file, templates));
        } catch (ExecutionException e) {
            throw new IllegalStateException("planning failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What up's prepare phase would change on the node. */
    private List<Action> prepare(ClusterFile file, ClusterNode node, Host host, Optional<Binaries> binaries) {
        try {
            Outcome outcome = new NodePreparation(PrepareTarget.of(file, node.role() == Role.CONTROL_PLANE, binaries,
                    templates)).plan(host);
            return outcome.status() == Status.CHANGED
                    ? outcome.details().stream().map(d -> new Action(PreparePhase.SPEC.name(), d)).toList() : List.of();
        } catch (RuntimeException e) {
            return List.of(new Action(PreparePhase.SPEC.name(), "cannot be planned, up would fail on this node: "
                    + e.getMessage()));
        }
    }

    private static Optional<Host> reach(HostResolver hosts, ClusterNode node) {
        try {
            return Optional.of(hosts.resolve(node.name()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private NodePlan planFirst(ClusterFile file, ClusterNode node, Host host, Duration wait, Instant now,
                               Journal journal) {
        List<Action> actions = new ArrayList<>();
        NodeLayout layout = file.kubeadm().layout();
        if (!EarlierRun.initialized(host, layout)) {
            String missing = host.stat(NodeLayout.ADMIN_CONF).isEmpty() ? NodeLayout.ADMIN_CONF : layout.caCert();
            actions.add(new Action("init", "new control plane: " + missing + " does not exist"));
            List<HasMetadata> cni = CniManifests.of(file, templates).objects();
            if (!cni.isEmpty()) {
                actions.add(new Action(CniPhase.SPEC.name(), "apply " + file.addons().cni().yamlName() + " ("
                        + cni.size() + " objects) after init"));
            }
            return new NodePlan(node.name(), node.role(), actions);
        }
        KubernetesVersion wanted = file.kubeadm().kubernetesVersion();
        Optional<KubernetesVersion> running = ClusterVersionPhase.running(host).filter(v -> !v.equals(wanted));
        if (running.isPresent()) {
            actions.add(new Action("refuse", ClusterVersionPhase.refusal(wanted, running.get())));
            return new NodePlan(node.name(), node.role(), actions);
        }
        KubeadmConfig config = NodeConfigs.firstControlPlane(file, node, wait, new FactsGatherer().gather(host));
        String inputs = NodeConfigs.initInputs(config);
        for (Phase<InitContext> step : InitWorkflow.phases()) {
            if (step.spec().has(Trait.FILES_FROM_CONFIG)) {
                StepStatus status = journal.status(host, step.name(), inputs);
                if (!status.done()) {
                    actions.add(new Action(step.name(), reason(status)));
                }
            }
        }
        cni(file, host, templates).ifPresent(actions::add);
        expiring(host, file, now, actions);
        return new NodePlan(node.name(), node.role(), actions);
    }

    /**
     * What the cni phase would apply on a running cluster (asked with the node's admin.conf): the objects the API
     * server lacks or holds otherwise; empty when every one is there as applied, or the file asks for no CNI.
     */
    static Optional<Action> cni(ClusterFile file, Host host, TemplateRenderer templates) {
        List<HasMetadata> objects = CniManifests.of(file, templates).objects();
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        String name = CniPhase.SPEC.name();
        String source = "[" + host.name() + "] " + NodeLayout.ADMIN_CONF;
        try (KubernetesClient admin = ClientFactory.fromKubeconfig(new String(host.readFile(NodeLayout.ADMIN_CONF)
                .orElseThrow(() -> new IllegalStateException(source + " is missing")), StandardCharsets.UTF_8), source)) {
            ObjectApplier applier = new ObjectApplier(admin);
            List<String> pending = objects.stream().map(applier::pending).flatMap(Optional::stream).toList();
            return pending.isEmpty() ? Optional.empty() : Optional.of(new Action(name, file.addons().cni().yamlName()
                    + ": " + String.join(", ", pending)));
        } catch (RuntimeException e) {
            return Optional.of(new Action(name, "cannot be checked, up applies it again: " + e.getMessage()));
        }
    }

    /** What a rolling upgrade would do on the node, hop by hop ({@link UpSchedule}'s upgrade pipelines). */
    private NodePlan planUpgrade(ClusterFile file, ClusterNode node, Host host, UpgradePath path) {
        List<Action> actions = new ArrayList<>();
        boolean first = node.equals(file.firstControlPlane());
        int batch = file.upgrade().batchSize(file.workers().size());
        String kubelet = file.upgrade().kubeletCommand().isEmpty() ? "the kubelet is left to you (no "
                + "spec.upgrade.kubeletCommand): the run stops after this hop's control plane and names the nodes"
                : "drain (" + file.upgrade().drainTimeout().toSeconds() + " s at most), spec.upgrade.kubeletCommand, "
                + "restart the kubelet, wait for Ready with the new version, uncordon";
        for (KubernetesVersion hop : path.hops()) {
            String how = first ? "kubeadm upgrade apply " + hop + (hop.equals(path.hops().get(0))
                    ? " after an etcd snapshot copied here" : "") + "; backups in " + NodeLayout.TMP_DIR
                    : node.role() == Role.CONTROL_PLANE ? "kubeadm upgrade node to " + hop + " after the control plane "
                    + "before it, once the controllers and scheduler have a leader"
                    : "kubeadm upgrade node to " + hop + " once every control plane is upgraded, " + batch
                    + " worker(s) at a time";
            actions.add(new Action("upgrade", how + "; then " + kubelet + " (" + path.describe() + ")"));
        }
        if (node.role() == Role.CONTROL_PLANE) {
            actions.addAll(diffs(file, host, path.hops().get(0)));
        }
        return new NodePlan(node.name(), node.role(), actions);
    }

    /** The first hop's changes to a control plane's manifests, as {@code upgrade diff} shows them. */
    private List<Action> diffs(ClusterFile file, Host host, KubernetesVersion hop) {
        List<Action> actions = new ArrayList<>();
        try {
            for (ManifestDiff.Entry e : ManifestDiff.of(host, hop, templates, environment, 3)) {
                if (e.changesPod()) {
                    actions.add(new Action("diff", e.path() + " for " + hop + " (its certificates renewed first: "
                            + String.join(", ", ComponentCertificates.of(e.component(), file.kubeadm().localEtcd()))
                            + "; the old one backed up to " + NodeLayout.TMP_DIR + "/kubeadm-backup-manifests-<time>/):\n"
                            + e.diff().stripTrailing()));
                }
            }
        } catch (RuntimeException e) {
            actions.add(new Action("diff", "cannot be shown: " + e.getMessage()));
        }
        return actions;
    }

    private static NodePlan planJoin(ClusterFile file, ClusterNode node, Host host, Optional<byte[]> clusterCa,
                                     Instant now) {
        List<Action> actions = new ArrayList<>();
        Optional<byte[]> kubeletConf = EarlierRun.joined(host) ? host.readFile(NodeLayout.KUBELET_CONF) : Optional.empty();
        if (kubeletConf.isEmpty()) {
            actions.add(new Action("join", "new " + node.role().yamlName() + ": " + NodeLayout.KUBELET_CONF
                    + " does not exist"));
            return new NodePlan(node.name(), node.role(), actions);
        }
        String ca = ExistingKubeconfig.parse(node.name() + ":" + NodeLayout.KUBELET_CONF, kubeletConf.get()).caPem();
        if (clusterCa.isPresent() && !ca.strip().equals(new String(clusterCa.get(), StandardCharsets.US_ASCII).strip())) {
            actions.add(new Action("refuse", NodeLayout.KUBELET_CONF + " trusts another CA: the node belongs to another "
                    + "cluster and up will fail on it; reset it first (bootstrap reset -f FILE --node " + node.name() + ")"));
        }
        if (node.role() == Role.CONTROL_PLANE) {
            expiring(host, file, now, actions);
        }
        return new NodePlan(node.name(), node.role(), actions);
    }

    private static String reason(StepStatus status) {
        return switch (status.state()) {
            case INPUTS_CHANGED -> "the cluster file changed since it completed (version, addresses, SANs, "
                    + "networking...): up makes its files again where they differ";
            case NEVER_COMPLETED ->
                    "not in the node's journal (made by another run or tool): up checks its files and keeps valid ones";
            case FILES_CHANGED, DONE -> status.reason() + ": up makes them again";
        };
    }

    static void expiring(Host host, ClusterFile file, Instant now, List<Action> actions) {
        ExpirationReport report = ExpirationReport.check(host, file.kubeadm().certificatesDir(),
                NodeLayout.KUBERNETES_DIR, false, now);
        List<ExpirationReport.Entry> all = new ArrayList<>(report.authorities());
        all.addAll(report.certificates());
        for (ExpirationReport.Entry e : all) {
            if (!e.missing() && e.residual() != null && e.residual().compareTo(EXPIRY_WARNING) < 0) {
                actions.add(new Action("renew", "certificate " + e.name() + " expires " + e.expirationDate()
                        + (e.residual().isNegative() ? " (expired)" : " (in " + ExpirationReport.shortDuration(e.residual())
                        + ")") + ": run 'bootstrap certs renew " + e.name() + "' on " + host.name()));
            }
        }
    }

    private static List<String> removedNodes(ClusterFile file, HostResolver hosts, List<String> notes) {
        try {
            return ClusterMembers.notInFile(file, hosts).stream().map(ClusterNode::name).toList();
        } catch (RuntimeException e) {
            notes.add("the cluster's nodes could not be listed (" + e.getMessage() + "); nodes removed from the file "
                    + "are not shown");
            return List.of();
        }
    }
}
