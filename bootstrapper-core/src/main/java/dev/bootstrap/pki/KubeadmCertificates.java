package dev.bootstrap.pki;

import static dev.bootstrap.pki.CertSpec.Kind.KEY_PAIR;
import static dev.bootstrap.pki.CertSpec.Kind.LEAF;
import static dev.bootstrap.pki.ExtKeyUsage.CLIENT_AUTH;
import static dev.bootstrap.pki.ExtKeyUsage.SERVER_AUTH;

import java.util.List;
import java.util.Set;

/** kubeadm 1.31+'s certificate table, in its creation order: each CA, then its leaves; sa last. */
public final class KubeadmCertificates {

    public static final String CLUSTER_ADMINS_GROUP = "kubeadm:cluster-admins";

    public static final CertSpec CA = new CertSpec("ca", "ca", CertSpec.Kind.CA, null, "kubernetes", List.of(),
            Set.of(), CertSpec.SanRule.COMMON_NAME, false);
    public static final CertSpec APISERVER = new CertSpec("apiserver", "apiserver", LEAF, "ca", "kube-apiserver",
            List.of(), Set.of(SERVER_AUTH), CertSpec.SanRule.API_SERVER, false);
    public static final CertSpec APISERVER_KUBELET_CLIENT = new CertSpec("apiserver-kubelet-client",
            "apiserver-kubelet-client", LEAF, "ca", "kube-apiserver-kubelet-client", List.of(CLUSTER_ADMINS_GROUP),
            Set.of(CLIENT_AUTH), CertSpec.SanRule.NONE, false);
    public static final CertSpec FRONT_PROXY_CA = new CertSpec("front-proxy-ca", "front-proxy-ca", CertSpec.Kind.CA,
            null, "front-proxy-ca", List.of(), Set.of(), CertSpec.SanRule.COMMON_NAME, false);
    public static final CertSpec FRONT_PROXY_CLIENT = new CertSpec("front-proxy-client", "front-proxy-client", LEAF,
            "front-proxy-ca", "front-proxy-client", List.of(), Set.of(CLIENT_AUTH), CertSpec.SanRule.NONE, false);
    public static final CertSpec ETCD_CA = new CertSpec("etcd-ca", "etcd/ca", CertSpec.Kind.CA, null, "etcd-ca",
            List.of(), Set.of(), CertSpec.SanRule.COMMON_NAME, true);
    public static final CertSpec ETCD_SERVER = new CertSpec("etcd-server", "etcd/server", LEAF, "etcd-ca", null,
            List.of(), Set.of(SERVER_AUTH, CLIENT_AUTH), CertSpec.SanRule.ETCD_SERVER, true);
    public static final CertSpec ETCD_PEER = new CertSpec("etcd-peer", "etcd/peer", LEAF, "etcd-ca", null, List.of(),
            Set.of(SERVER_AUTH, CLIENT_AUTH), CertSpec.SanRule.ETCD_PEER, true);
    public static final CertSpec ETCD_HEALTHCHECK_CLIENT = new CertSpec("etcd-healthcheck-client",
            "etcd/healthcheck-client", LEAF, "etcd-ca", "kube-etcd-healthcheck-client", List.of(), Set.of(CLIENT_AUTH),
            CertSpec.SanRule.NONE, true);
    public static final CertSpec APISERVER_ETCD_CLIENT = new CertSpec("apiserver-etcd-client", "apiserver-etcd-client",
            LEAF, "etcd-ca", "kube-apiserver-etcd-client", List.of(), Set.of(CLIENT_AUTH), CertSpec.SanRule.NONE, true);
    public static final CertSpec SA = new CertSpec("sa", "sa", KEY_PAIR, null, null, List.of(), Set.of(),
            CertSpec.SanRule.NONE, false);

    public static final List<CertSpec> ALL = List.of(CA, APISERVER, APISERVER_KUBELET_CLIENT, FRONT_PROXY_CA,
            FRONT_PROXY_CLIENT, ETCD_CA, ETCD_SERVER, ETCD_PEER, ETCD_HEALTHCHECK_CLIENT, APISERVER_ETCD_CLIENT, SA);

    private KubeadmCertificates() {
    }

    public static List<String> names() {
        return ALL.stream().map(CertSpec::name).toList();
    }

    /** The row named {@code name}; an unknown name is an error listing the valid ones. */
    public static CertSpec byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new PkiException("unknown certificate \"" + name + "\"; expected all or one of "
                        + String.join(", ", names())));
    }

    /** The rows {@code config} makes: all of them, without the etcd rows when etcd is external. */
    public static List<CertSpec> forConfig(PkiConfig config) {
        return ALL.stream().filter(s -> !(s.etcd() && config.externalEtcd())).toList();
    }
}
