package dev.bootstrap.testing.lab;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.host.Shell;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.KubeletBootstrap;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays, in the background, the part of the kubelet and the controller-manager that no lab node can
 * run: once a node's kubelet stand-in runs and a join left bootstrap-kubelet.conf, it signs the node's
 * client certificate with the cluster CA (read from the first control plane, as the controller-manager
 * there would use it), writes kubelet.conf and the certificate, removes bootstrap-kubelet.conf as a
 * kubelet does, and registers the Node in the API stand-in.
 */
public final class LabKubelets implements AutoCloseable {

    private static final String RUNNING = KubeletStandIn.PATH + " status >/dev/null 2>&1";
    /** One for all: making one is costly, and 20 kubelets bootstrap at once in the benchmark. */
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final Lab lab;
    private final LabNode caNode;
    private final KubernetesClient api;
    private final Path scratch;
    private final Set<String> bootstrapped = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;
    private volatile boolean paused;
    private volatile Throwable failure;
    private CertificateAuthority ca;
    private byte[] loadedCa;

    public LabKubelets(Lab lab, LabNode caNode, KubernetesClient api, List<LabNode> nodes) throws Exception {
        this.lab = lab;
        this.caNode = caNode;
        this.api = api;
        this.scratch = Files.createTempDirectory("lab-kubelets");
        for (LabNode node : nodes) {
            Thread t = new Thread(() -> loop(node), "lab-kubelet-" + node.name());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** While paused, no TLS bootstrap completes: a join waits in kubelet-wait-bootstrap. */
    public void pause(boolean value) {
        paused = value;
    }

    /** Nodes whose TLS bootstrap this played, by name. */
    public Set<String> bootstrapped() {
        return Set.copyOf(bootstrapped);
    }

    /**
     * One thread per node, and the waiting costs no process: each node's /etc is an overlay whose upper
     * directory is visible from here, so bootstrap-kubelet.conf and the CA are read there. One round trip
     * per bootstrap then waits (on the node) until the kubelet stand-in runs, as a kubelet starts its TLS
     * bootstrap only once it runs, and writes what the bootstrap leaves.
     */
    private void loop(LabNode node) {
        Path bootstrapConf = upperEtc(node).resolve("kubernetes/bootstrap-kubelet.conf");
        while (!stop) {
            try {
                // A regular file: a whiteout (a removed lower file) is a character device.
                if (!paused && Files.isRegularFile(bootstrapConf)) {
                    bootstrap(node, Files.readString(bootstrapConf));
                } else {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception | AssertionError e) {
                // An unreachable (isolated) node is part of some tests, and a file may vanish between
                // looking and reading: try again on the next round.
                failure = e;
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private Path upperEtc(LabNode node) {
        return lab.stateDir().resolve(node.name()).resolve("upper/etc");
    }

    private void bootstrap(LabNode node, String bootstrapConf) throws Exception {
        Path pki = upperEtc(caNode).resolve("kubernetes/pki");
        byte[] caPem = Files.readAllBytes(pki.resolve("ca.crt"));
        CertificateAuthority ca = ca(caPem, pki);
        String server = JSON.unmarshal(bootstrapConf, Config.class).getClusters().get(0)
                .getCluster().getServer();
        String pem = Base64.getEncoder().encodeToString(KubeletBootstrap.clientPem(ca, node.name()));
        String conf = Base64.getEncoder().encodeToString(KubeletBootstrap.kubeletConf(server, caPem, node.name()));
        String done = lab.ssh(node, "for i in $(seq 20); do if " + RUNNING
                + " && test -e /etc/kubernetes/bootstrap-kubelet.conf; then mkdir -p /var/lib/kubelet/pki && umask 077"
                + " && echo " + Shell.quote(pem) + " | base64 -d > " + KubeletBootstrap.CLIENT_PEM + " && echo "
                + Shell.quote(conf) + " | base64 -d > /etc/kubernetes/kubelet.conf"
                + " && rm -f /etc/kubernetes/bootstrap-kubelet.conf && echo done; exit 0; fi; sleep 0.1; done").strip();
        if (!done.equals("done")) {
            return;
        }
        if (api.nodes().withName(node.name()).get() == null) {
            api.nodes().resource(node(node)).create();
        }
        bootstrapped.add(node.name());
    }

    /** The cluster CA with its key, loaded again only when its certificate changed. */
    private synchronized CertificateAuthority ca(byte[] caPem, Path pki) throws java.io.IOException {
        if (ca == null || !java.util.Arrays.equals(caPem, loadedCa)) {
            LocalHost local = new LocalHost("ca", scratch);
            local.writeFile("/pki/ca.crt", caPem, 0644);
            local.writeFile("/pki/ca.key", Files.readAllBytes(pki.resolve("ca.key")), 0600);
            ca = CertificateAuthority.load(local, new NodeLayout("/pki"), KubeadmCertificates.CA);
            loadedCa = caPem;
        }
        return ca;
    }

    /** The Node a kubelet registers: its name and InternalIP. */
    public static Node node(LabNode node) {
        return new NodeBuilder().withNewMetadata().withName(node.name()).endMetadata().withNewStatus()
                .addNewAddress().withType("InternalIP").withAddress(node.address()).endAddress().endStatus().build();
    }

    @Override
    public void close() throws Exception {
        stop = true;
        for (Thread t : threads) {
            t.interrupt();
            t.join(10_000);
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The last error of a round, for a test's failure message. */
    public String lastError() {
        return failure == null ? "none" : failure.toString();
    }
}
