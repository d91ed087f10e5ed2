package dev.bootstrap.testing.lab;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.host.Shell;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.testing.KubeletBootstrap;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private static final String RUNNING = "/usr/local/bin/kubelet-standin status >/dev/null 2>&1";

    private final Lab lab;
    private final LabNode caNode;
    private final KubernetesClient api;
    private final List<LabNode> nodes;
    private final Path scratch;
    private final Set<String> bootstrapped = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;

    public LabKubelets(Lab lab, LabNode caNode, KubernetesClient api, List<LabNode> nodes) throws Exception {
        this.lab = lab;
        this.caNode = caNode;
        this.api = api;
        this.nodes = List.copyOf(nodes);
        this.scratch = Files.createTempDirectory("lab-kubelets");
        this.thread = new Thread(this::loop, "lab-kubelets");
        thread.setDaemon(true);
        thread.start();
    }

    /** Nodes whose TLS bootstrap this played, by name. */
    public Set<String> bootstrapped() {
        return Set.copyOf(bootstrapped);
    }

    private void loop() {
        while (!stop) {
            try {
                for (LabNode node : nodes) {
                    String state = lab.ssh(node, "if " + RUNNING + " && test -e /etc/kubernetes/bootstrap-kubelet.conf; "
                            + "then echo ready; fi; true").strip();
                    if (state.equals("ready")) {
                        bootstrap(node);
                    }
                }
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | AssertionError e) {
                // An unreachable (isolated) node is part of some tests: try again on the next round.
                failure = e;
            }
        }
    }

    private void bootstrap(LabNode node) {
        byte[] caPem = lab.ssh(caNode, "cat /etc/kubernetes/pki/ca.crt").getBytes(StandardCharsets.US_ASCII);
        byte[] caKey = lab.ssh(caNode, "cat /etc/kubernetes/pki/ca.key").getBytes(StandardCharsets.US_ASCII);
        LocalHost local = new LocalHost("ca", scratch);
        local.writeFile("/pki/ca.crt", caPem, 0644);
        local.writeFile("/pki/ca.key", caKey, 0600);
        CertificateAuthority ca = CertificateAuthority.load(local, "/pki", "ca");
        Config bootstrapConf = new KubernetesSerialization().unmarshal(
                lab.ssh(node, "cat /etc/kubernetes/bootstrap-kubelet.conf"), Config.class);
        String server = bootstrapConf.getClusters().get(0).getCluster().getServer();
        String pem = Base64.getEncoder().encodeToString(KubeletBootstrap.clientPem(ca, node.name()));
        String conf = Base64.getEncoder().encodeToString(KubeletBootstrap.kubeletConf(server, caPem, node.name()));
        lab.ssh(node, "mkdir -p /var/lib/kubelet/pki && umask 077 && echo " + Shell.quote(pem) + " | base64 -d > "
                + KubeletBootstrap.CLIENT_PEM + " && echo " + Shell.quote(conf)
                + " | base64 -d > /etc/kubernetes/kubelet.conf && rm -f /etc/kubernetes/bootstrap-kubelet.conf");
        if (api.nodes().withName(node.name()).get() == null) {
            api.nodes().resource(new NodeBuilder().withNewMetadata().withName(node.name()).endMetadata().build()).create();
        }
        bootstrapped.add(node.name());
    }

    @Override
    public void close() throws Exception {
        stop = true;
        thread.interrupt();
        thread.join(10_000);
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The last error of a round, for a test's failure message. */
    public String lastError() {
        return failure == null ? "none" : failure.toString();
    }
}
