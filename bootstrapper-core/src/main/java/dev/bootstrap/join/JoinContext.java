package dev.bootstrap.join;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Locale;

/**
 * One node's join: the target, how to reach it (resolved on first use, inside the node's own
 * pipeline, so an unreachable node fails alone), and what every node shares. Under --dry-run the
 * phases write through a {@link DryRunHost} and read the real node.
 */
public final class JoinContext {

    private final String target;
    private final HostResolver resolver;
    private final ClusterFacts cluster;
    private final JoinSettings settings;
    private final CertificateKey certificateKey;
    private final ServiceManager services;
    private final Path dryRunDir;
    private Host real;
    private Host writes;
    private String osHostname;
    private Boolean joinedBefore;
    private KubeadmConfig controlPlaneConfig;

    /**
     * @param certificateKey decrypts Secret kube-system/kubeadm-certs for a control-plane join (a secret: never
     *                       printed); null for workers, or when the cluster uploaded no certificates
     * @param dryRunDir      where --dry-run puts the files it would write (one subdirectory per node); null otherwise
     */
    public JoinContext(String target, HostResolver resolver, ClusterFacts cluster, JoinSettings settings,
                       CertificateKey certificateKey, ServiceManager services, Path dryRunDir) {
        this.target = target;
        this.resolver = resolver;
        this.cluster = cluster;
        this.settings = settings;
        this.certificateKey = certificateKey;
        this.services = services;
        this.dryRunDir = dryRunDir;
    }

    public String target() {
        return target;
    }

    /** The node itself, for reading and checking. */
    public synchronized Host node() {
        if (real == null) {
            real = resolver.resolve(target);
        }
        return real;
    }

    /** Where the join's changes go (files written, commands run): the node, or its dry-run stand-in. */
    public synchronized Host files() {
        if (writes == null) {
            writes = settings.dryRun()
                    ? new DryRunHost(node(), dryRunDir.resolve(target.replaceAll("[^A-Za-z0-9_.@-]", "_")))
                    : node();
        }
        return writes;
    }

    public ClusterFacts cluster() {
        return cluster;
    }

    public JoinSettings settings() {
        return settings;
    }

    public Optional<CertificateKey> certificateKey() {
        return Optional.ofNullable(certificateKey);
    }

    public ServiceManager services() {
        return services;
    }

    /** Whether the node had joined, when already known (up's preflight found no kubelet.conf): no read then. */
    public synchronized void joinedBefore(boolean known) {
        joinedBefore = known;
    }

    /** Whether the node had joined this cluster before this run (decided once, at the first phase). */
    public synchronized boolean joinedBefore() {
        if (joinedBefore == null) {
            joinedBefore = JoinedNode.joined(node(), cluster.caPem());
        }
        return joinedBefore;
    }

    /** The node's kernel host name, when already known (from preflight's facts): no {@code uname -n} then. */
    public synchronized void osHostname(String known) {
        osHostname = known;
    }

    /** The node's kernel host name ({@code uname -n}). */
    public synchronized String osHostname() {
        if (osHostname == null) {
            osHostname = node().runChecked("uname -n", Duration.ofSeconds(30)).stdout().strip();
        }
        return osHostname;
    }

    /** nodeRegistration.name, else the host name lower-cased, as kubeadm names nodes. */
    public String nodeName() {
        String name = settings.registration().name();
        return name.isEmpty() ? osHostname().toLowerCase(Locale.ROOT) : name;
    }

    /** The cluster's configuration with this node's registration, for the kubelet files. */
    public KubeadmConfig nodeConfig() {
        KubeadmConfig base = cluster.cluster();
        return new KubeadmConfig(base.init().withNode(settings.registration().withName(nodeName()),
                base.init().localAPIEndpoint()), base.cluster());
    }

    /**
     * The cluster's configuration for this node as a control plane: its registration and its API
     * endpoint at {@code advertiseAddress}, or, when that is "", at the node's first IPv4 address (as init).
     */
    public synchronized KubeadmConfig controlPlaneConfig(String advertiseAddress) {
        if (controlPlaneConfig == null) {
            KubeadmConfig base = cluster.cluster();
            KubeadmConfig withNode = new KubeadmConfig(base.init().withNode(settings.registration().withName(nodeName()),
                    base.init().localAPIEndpoint().withAdvertiseAddress(advertiseAddress)), base.cluster());
            String defaultAddress = advertiseAddress.isEmpty() ? new FactsGatherer().gather(node()).firstIpv4Address()
                    : advertiseAddress;
            controlPlaneConfig = withNode.forNode(osHostname(), defaultAddress);
        }
        return controlPlaneConfig;
    }
}
