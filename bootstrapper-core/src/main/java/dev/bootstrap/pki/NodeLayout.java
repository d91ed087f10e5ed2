package dev.bootstrap.pki;

import java.util.List;

/**
 * Where kubeadm keeps things on a node (cmd/kubeadm/app/constants/constants.go: KubernetesDir,
 * ManifestsSubDirName, TempDirForKubeadm, KubeletRunDirectory and the *KubeConfigFileName names; the
 * v1beta4 defaults DefaultCertificatesDir, DefaultEtcdDataDir; docs/kubeadm-compat.md). A certificate's
 * path is its {@link KubeadmCertificates} row's file under the certificates dir, so a configured
 * certificatesDir moves every one of them; the rest has fixed places.
 *
 * @param certificatesDir ClusterConfiguration's certificatesDir (--cert-dir)
 */
public record NodeLayout(String certificatesDir) {

    public static final String KUBERNETES_DIR = "/etc/kubernetes";
    public static final String DEFAULT_CERTIFICATES_DIR = KUBERNETES_DIR + "/pki";
    public static final String MANIFESTS_DIR = KUBERNETES_DIR + "/manifests";
    /** Emptied by reset only with --cleanup-tmp-dir. */
    public static final String TMP_DIR = KUBERNETES_DIR + "/tmp";
    /** bootstrap's own state beside kubeadm's files (the journal and the lock of up), not a kubeadm directory. */
    public static final String BOOTSTRAP_DIR = KUBERNETES_DIR + "/bootstrap";
    public static final String DEFAULT_ETCD_DATA_DIR = "/var/lib/etcd";

    public static final String ADMIN_CONF = KUBERNETES_DIR + "/admin.conf";
    public static final String SUPER_ADMIN_CONF = KUBERNETES_DIR + "/super-admin.conf";
    public static final String KUBELET_CONF = KUBERNETES_DIR + "/kubelet.conf";
    public static final String BOOTSTRAP_KUBELET_CONF = KUBERNETES_DIR + "/bootstrap-kubelet.conf";
    public static final String CONTROLLER_MANAGER_CONF = KUBERNETES_DIR + "/controller-manager.conf";
    public static final String SCHEDULER_CONF = KUBERNETES_DIR + "/scheduler.conf";
    /** Every kubeconfig file kubeadm writes, in the order kubeadm reset deletes them (cmd/phases/reset/cleanupnode.go). */
    public static final List<String> KUBECONFIGS = List.of(ADMIN_CONF, SUPER_ADMIN_CONF, KUBELET_CONF,
            BOOTSTRAP_KUBELET_CONF, CONTROLLER_MANAGER_CONF, SCHEDULER_CONF);

    public static final String KUBELET_DIR = "/var/lib/kubelet";
    public static final String KUBELET_CONFIG = KUBELET_DIR + "/config.yaml";
    public static final String KUBELET_FLAGS_ENV = KUBELET_DIR + "/kubeadm-flags.env";
    public static final String KUBELET_INSTANCE_CONFIG = KUBELET_DIR + "/instance-config.yaml";
    /** The kubelet's rotated client certificate and key, one file (kubelet-finalize points kubelet.conf at it). */
    public static final String KUBELET_CLIENT_CURRENT = KUBELET_DIR + "/pki/kubelet-client-current.pem";
    /** The kubelet unit's drop-in the distributions' kubelet packages ship, not a kubeadm file. */
    public static final String KUBELET_DROP_IN = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";

    /**
     * What a pod network leaves on a node, which reset empties: the CNI configuration (the kubelet's runtime reads
     * it; docs/kubeadm-compat.md#cni), the CNI plugins' state (host-local IPAM, caches) and flanneld's subnet.env.
     */
    public static final String CNI_CONF_DIR = "/etc/cni/net.d";
    public static final String CNI_STATE_DIR = "/var/lib/cni";
    public static final String FLANNEL_RUN_DIR = "/run/flannel";
    public static final List<String> CNI_DIRS = List.of(CNI_CONF_DIR, CNI_STATE_DIR, FLANNEL_RUN_DIR);

    public static final NodeLayout DEFAULT = new NodeLayout(DEFAULT_CERTIFICATES_DIR);

    /** Local etcd's static Pod manifest, which a control-plane join writes and reset reads. */
    public static final String ETCD_MANIFEST = MANIFESTS_DIR + "/etcd.yaml";

    /** A static Pod's manifest: kube-apiserver's is /etc/kubernetes/manifests/kube-apiserver.yaml. */
    public static String manifest(String component) {
        return MANIFESTS_DIR + "/" + component + ".yaml";
    }

    /** The file name of a path ("admin.conf" of {@link #ADMIN_CONF}). */
    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A row's certificate relative to the certificates dir: its base name + .crt (kubeadm's pkiutil, pathForCert). */
    public static String certFile(CertSpec spec) {
        return spec.baseName() + ".crt";
    }

    /** pathForKey: base name + .key. */
    public static String keyFile(CertSpec spec) {
        return spec.baseName() + ".key";
    }

    /** pathForPublicKey: base name + .pub; only the sa key pair has one. */
    public static String publicKeyFile(CertSpec spec) {
        return spec.baseName() + ".pub";
    }

    /** A kubeconfig's request for an external CA, next to it (pathForCSR: admin.conf.csr). */
    public static String csrOf(String kubeconfigPath) {
        return kubeconfigPath + ".csr";
    }

    public String cert(CertSpec spec) {
        return file(certFile(spec));
    }

    public String key(CertSpec spec) {
        return file(keyFile(spec));
    }

    /** A row's request for an external CA (pathForCSR: base name + .csr). */
    public String csr(CertSpec spec) {
        return file(spec.baseName() + ".csr");
    }

    public String publicKey(CertSpec spec) {
        return file(publicKeyFile(spec));
    }

    public String caCert() {
        return cert(KubeadmCertificates.CA);
    }

    public String caKey() {
        return key(KubeadmCertificates.CA);
    }

    /** The directory of the local etcd's certificates: where the etcd CA's row puts it. */
    public String etcdDir() {
        String caCert = cert(KubeadmCertificates.ETCD_CA);
        return caCert.substring(0, caCert.lastIndexOf('/'));
    }

    /** {@code relative} under the certificates dir, which may be given with a trailing slash. */
    public String file(String relative) {
        return (certificatesDir.endsWith("/") ? certificatesDir : certificatesDir + "/") + relative;
    }
}
