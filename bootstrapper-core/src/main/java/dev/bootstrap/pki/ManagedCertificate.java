package dev.bootstrap.pki;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A certificate kubeadm's check-expiration and renew manage: a leaf under the cert dir, or a client
 * certificate embedded in a kubeconfig file under the kubeconfig dir. Never a CA.
 *
 * @param spec the table row of a PKI leaf, or null for a kubeconfig certificate
 * @param kubeconfigFile the kubeconfig file name ("admin.conf"), or null for a PKI leaf
 * @param optional listed only when the file exists (super-admin.conf)
 */
public record ManagedCertificate(String name, String caName, CertSpec spec, String kubeconfigFile, boolean optional) {

    /** The managed certificates, sorted by name as kubeadm lists them. kubelet.conf is the kubelet's own. */
    public static List<ManagedCertificate> all(boolean externalEtcd) {
        List<ManagedCertificate> list = new ArrayList<>();
        for (CertSpec spec : KubeadmCertificates.ALL) {
            if (spec.isLeaf() && !(spec.etcd() && externalEtcd)) {
                list.add(new ManagedCertificate(spec.name(), spec.caName(), spec, null, false));
            }
        }
        for (String path : List.of(NodeLayout.ADMIN_CONF, NodeLayout.SUPER_ADMIN_CONF,
                NodeLayout.CONTROLLER_MANAGER_CONF, NodeLayout.SCHEDULER_CONF)) {
            String file = NodeLayout.fileName(path);
            list.add(new ManagedCertificate(file, KubeadmCertificates.CA.name(), null, file,
                    path.equals(NodeLayout.SUPER_ADMIN_CONF)));
        }
        list.sort(Comparator.comparing(ManagedCertificate::name));
        return list;
    }

    /** The CA rows of the report: ca, etcd-ca (unless external), front-proxy-ca. */
    public static List<CertSpec> authorities(boolean externalEtcd) {
        return KubeadmCertificates.ALL.stream().filter(CertSpec::isCa).filter(s -> !(s.etcd() && externalEtcd))
                .sorted(Comparator.comparing(CertSpec::name)).toList();
    }

    public boolean inKubeconfig() {
        return kubeconfigFile != null;
    }
}
