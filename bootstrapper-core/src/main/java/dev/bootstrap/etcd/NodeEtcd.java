package dev.bootstrap.etcd;

import dev.bootstrap.host.Host;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The etcd member of a stacked control plane, as the node's own etcd.yaml describes it: a client reached through
 * a tunnel to its client URL, with the node's healthcheck-client certificate (what kubeadm's health checks use).
 */
public final class NodeEtcd {

    private NodeEtcd() {
    }

    /** A client for the etcd on {@code node}; its loopback listener when it has one (reachable from the node). */
    public static EtcdMemberClient client(Host node) {
        String urls = manifestFlag(node, "--listen-client-urls").or(() -> manifestFlag(node, "--advertise-client-urls"))
                .orElseThrow(() -> new IllegalStateException("no etcd client URL in " + EtcdManifest.PATH));
        List<String> all = List.of(urls.split(","));
        URI url = URI.create(all.stream().filter(u -> u.contains("://127.0.0.1:")).findFirst().orElse(all.get(0)));
        InetSocketAddress local = node.forward(url.getHost(), url.getPort());
        NodeLayout pki = NodeLayout.DEFAULT;
        return new EtcdMemberClient("https://" + local.getHostString() + ":" + local.getPort(),
                file(node, pki.cert(KubeadmCertificates.ETCD_CA)),
                file(node, pki.cert(KubeadmCertificates.ETCD_HEALTHCHECK_CLIENT)),
                file(node, pki.key(KubeadmCertificates.ETCD_HEALTHCHECK_CLIENT)));
    }

    /** A flag of the node's etcd.yaml, e.g. --initial-advertise-peer-urls. */
    public static Optional<String> manifestFlag(Host node, String flag) {
        return node.readFile(EtcdManifest.PATH)
                .flatMap(m -> EtcdManifest.flag(new String(m, StandardCharsets.UTF_8), flag));
    }

    private static byte[] file(Host host, String path) {
        return host.readFile(path).orElseThrow(() -> new IllegalStateException(path + " is missing"));
    }
}
