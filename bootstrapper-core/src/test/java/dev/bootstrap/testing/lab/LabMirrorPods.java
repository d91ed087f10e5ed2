package dev.bootstrap.testing.lab;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.state.Journal;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Plays, for the API stand-in, what a kubelet reports about itself (no kubelet runs in the lab): a mirror Pod for
 * each static Pod manifest on a node, carrying {@code kubernetes.io/config.hash} (a digest of the manifest, where a
 * kubelet hashes the decoded Pod: it changes exactly when the manifest does) and {@code kubernetes.io/config.mirror},
 * replaced when the manifest changes and deleted with it; and the kubelet's version in its Node's
 * {@code status.nodeInfo.kubeletVersion} (and a Ready condition), read from {@link #VERSION_FILE} on the node ({@link
 * VersionTable#DEFAULT_VERSION} without it), as an upgraded kubelet binary would report it; and the Leases of
 * kube-controller-manager and kube-scheduler, held by a node that has their manifests, as their leaders renew them.
 * Each node's /etc and /usr are overlays whose upper directories are visible from here, so this costs no process on
 * the nodes.
 */
public final class LabMirrorPods implements AutoCloseable {

    /** Where a test (or an upgrade's kubelet command) puts the version the node's kubelet stand-in reports. */
    public static final String VERSION_FILE = "/usr/local/lib/kubelet-standin.version";
    static final String HASH = "kubernetes.io/config.hash";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Lab lab;
    private final KubernetesClient api;
    private final List<LabNode> nodes;
    private final Map<String, String> mirrored = new HashMap<>();
    private final Map<String, String> versions = new HashMap<>();
    private final Thread thread;
    private long lastRenewal;
    private volatile boolean stop;
    private volatile Exception failure;

    public LabMirrorPods(Lab lab, KubernetesClient api, List<LabNode> nodes) {
        this.lab = lab;
        this.api = api;
        this.nodes = List.copyOf(nodes);
        this.thread = new Thread(this::loop, "lab-mirror-pods");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            try {
                for (LabNode node : nodes) {
                    mirror(node);
                    report(node);
                }
                lead();
            } catch (Exception e) {
                // a Node not registered yet, a manifest half-written: the next round sees it whole
                failure = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Path upper(LabNode node, String path) {
        return lab.stateDir().resolve(node.name()).resolve("upper").resolve(path.substring(1));
    }

    private void mirror(LabNode node) throws IOException {
        Path dir = upper(node, NodeLayout.MANIFESTS_DIR);
        Map<String, String> seen = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && Files.isRegularFile(p)).toList()) {
                    byte[] manifest = Files.readAllBytes(f);
                    String hash = Journal.sha256(manifest).substring(0, 32);
                    Pod pod = JSON.unmarshal(new String(manifest, java.nio.charset.StandardCharsets.UTF_8), Pod.class);
                    String key = node.name() + "/" + pod.getMetadata().getName();
                    seen.put(key, hash);
                    if (!hash.equals(mirrored.get(key))) {
                        api.pods().inNamespace("kube-system").resource(mirrorOf(pod, node, hash)).createOr(
                                existing -> existing.update());
                        mirrored.put(key, hash);
                    }
                }
            }
        }
        for (String key : List.copyOf(mirrored.keySet())) {
            if (key.startsWith(node.name() + "/") && !seen.containsKey(key)) {
                api.pods().inNamespace("kube-system").withName(key.substring(key.indexOf('/') + 1) + "-" + node.name())
                        .delete();
                mirrored.remove(key);
            }
        }
    }

    /**
     * The leader elections of kube-controller-manager and kube-scheduler, as their first instance would hold them:
     * the Lease of each held by a node whose manifest for it exists, renewed every 2 s (a lease of 15 s, as theirs).
     */
    private void lead() {
        if (System.nanoTime() - lastRenewal < 2_000_000_000L) {
            return;
        }
        lastRenewal = System.nanoTime();
        for (String component : List.of("kube-controller-manager", "kube-scheduler")) {
            String holder = mirrored.keySet().stream().filter(k -> k.endsWith("/" + component)).sorted().findFirst()
                    .map(k -> k.substring(0, k.indexOf('/')) + "_lab").orElse(null);
            if (holder == null) {
                continue;
            }
            Lease lease = new LeaseBuilder().withNewMetadata().withName(component).withNamespace("kube-system")
                    .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(15)
                    .withRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)).endSpec().build();
            api.leases().inNamespace("kube-system").resource(lease).createOr(existing -> existing.update());
        }
    }

    /** The mirror Pod a kubelet posts for a static Pod: named {@code <pod>-<node>}, bound to the node, running. */
    static Pod mirrorOf(Pod manifest, LabNode node, String hash) {
        return new PodBuilder(manifest).editMetadata().withName(manifest.getMetadata().getName() + "-" + node.name())
                .withNamespace("kube-system").addToAnnotations(HASH, hash)
                .addToAnnotations("kubernetes.io/config.mirror", hash)
                .addToAnnotations("kubernetes.io/config.source", "file")
                .addToAnnotations("kubernetes.io/config.seen", Instant.now().toString()).endMetadata()
                .editSpec().withNodeName(node.name()).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                .endCondition().endStatus().build();
    }

    private void report(LabNode node) throws IOException {
        Path file = upper(node, VERSION_FILE);
        String version = Files.isRegularFile(file) ? Files.readString(file).strip() : VersionTable.DEFAULT_VERSION;
        if (version.equals(versions.get(node.name()))) {
            return;
        }
        Node registered = api.nodes().withName(node.name()).get();
        if (registered == null) {
            return;
        }
        // Ready as a kubelet reports it (no CNI in the lab: a real one would say NotReady without a pod network).
        api.nodes().resource(new NodeBuilder(registered).editOrNewStatus().editOrNewNodeInfo()
                .withKubeletVersion(version).endNodeInfo().withConditions(new NodeConditionBuilder().withType("Ready")
                        .withStatus("True").withReason("KubeletReady").build()).endStatus().build()).update();
        versions.put(node.name(), version);
    }

    /** The last error of a round, for a test's failure message. */
    public String lastError() {
        return failure == null ? "none" : failure.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
