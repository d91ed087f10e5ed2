package dev.bootstrap.pki;

import java.util.List;
import java.util.Set;

/**
 * One row of kubeadm's certificate table (cmd/kubeadm/app/phases/certs/certlist.go;
 * docs/kubeadm-compat.md#certificates): the name used by "init phase certs" and
 * "certs renew", the file base name under the cert dir, subject, signing CA, usages and SAN rule.
 *
 * @param commonName fixed CN, or null for "the node name" (etcd server and peer)
 * @param caName name of the signing CA's row, or null for CAs and the sa key pair
 * @param etcd whether the row belongs to local etcd (not made with external etcd)
 */
public record CertSpec(String name, String baseName, Kind kind, String caName, String commonName,
                       List<String> organizations, Set<ExtKeyUsage> usages, SanRule sanRule, boolean etcd) {

    public enum Kind { CA, LEAF, KEY_PAIR }

    /**
     * Which SANs a certificate gets (cmd/kubeadm/app/util/pkiutil/pki_helpers.go, GetAPIServerAltNames, getAltNames).
     */
    public enum SanRule { NONE, COMMON_NAME, API_SERVER, ETCD_SERVER, ETCD_PEER }

    public boolean isCa() {
        return kind == Kind.CA;
    }

    public boolean isLeaf() {
        return kind == Kind.LEAF;
    }

    public String commonName(PkiConfig config) {
        return commonName == null ? config.nodeName() : commonName;
    }

    public AltNames altNames(PkiConfig config) {
        return switch (sanRule) {
            case NONE -> AltNames.NONE;
            case COMMON_NAME -> AltNames.builder().dns(commonName(config)).build();
            case API_SERVER -> config.apiServerAltNames();
            case ETCD_SERVER -> config.etcdServerAltNames();
            case ETCD_PEER -> config.etcdPeerAltNames();
        };
    }

    /**
     * The row's Organization values under {@code config}: apiserver-kubelet-client is in kubeadm:cluster-admins
     * only for releases before the kubeadm:apiserver-kubelet-client ClusterRoleBinding (docs/kubeadm-compat.md).
     */
    public List<String> organizations(PkiConfig config) {
        return name.equals(KubeadmCertificates.APISERVER_KUBELET_CLIENT.name()) && !config.kubeletClientInAdminsGroup()
                ? List.of() : organizations;
    }

    /** The leaf request this row stands for under {@code config}. */
    public CertRequest request(PkiConfig config) {
        return new CertRequest(commonName(config), organizations(config), altNames(config), usages, config.start(),
                isCa() ? config.caValidity() : config.leafValidity());
    }

    /** Whether this row's certificate is a serving certificate kubeadm reports the SANs of. */
    public boolean serving() {
        return usages.contains(ExtKeyUsage.SERVER_AUTH);
    }
}
