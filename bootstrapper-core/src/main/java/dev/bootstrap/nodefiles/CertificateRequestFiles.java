package dev.bootstrap.nodefiles;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.CertificateSigningRequest;
import dev.bootstrap.pki.FileBatch;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiException;
import dev.bootstrap.pki.PkiFile;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * kubeadm's {@code certs generate-csr} (cmd/kubeadm/app/cmd/certs.go, newCmdGenCSR; phases/certs,
 * CreateDefaultKeysAndCSRFiles; phases/kubeconfig, CreateDefaultKubeConfigsAndCSRFiles): for an external CA, a new
 * key and a request for every certificate a CA signs and for every kubeconfig of init, with the subjects and SANs
 * init gives them on this node (docs/kubeadm-compat.md#external-ca-requests). Nothing is overwritten: any file in the
 * way is an error before a key is made, and the files are written all or none ({@link FileBatch}).
 */
public final class CertificateRequestFiles {

    /** What was written: the certificates' base names (etcd/server) and the kubeconfig files (admin.conf). */
    public record Result(String certificateDir, List<String> certificates, String kubeconfigDir,
                         List<String> kubeconfigs) {
    }

    private CertificateRequestFiles() {
    }

    /**
     * Writes the keys and requests for {@code config} (resolved for this node) into its certificatesDir and
     * {@code kubeconfigDir}.
     */
    public static Result write(Host files, KubeadmConfig config, String kubeconfigDir, KubeconfigRenderer renderer) {
        PkiConfig pki = CertificateFiles.pkiConfig(config);
        NodeLayout layout = pki.layout();
        // kubeadm asks for every leaf of its default list, the etcd ones also with external etcd (GetDefaultCertList).
        List<CertSpec> leaves = KubeadmCertificates.ALL.stream().filter(CertSpec::isLeaf).toList();
        List<KubeconfigSpec> kubeconfigs = KubeconfigSpec.forInit(config).stream().map(s -> new KubeconfigSpec(
                kubeconfigDir + "/" + NodeLayout.fileName(s.path()), s.clientName(), s.organizations(), s.local()))
                .toList();
        refuseExisting(files, Stream.concat(
                leaves.stream().flatMap(s -> Stream.of(layout.key(s), layout.csr(s))),
                kubeconfigs.stream().flatMap(s -> Stream.of(s.path(), NodeLayout.csrOf(s.path()), s.path() + ".key")))
                .toList());
        List<KeyPair> keys = Stream.generate(pki.algorithm()::generate).parallel()
                .limit(leaves.size() + kubeconfigs.size()).toList();
        List<FileBatch.File> batch = new ArrayList<>();
        for (int i = 0; i < leaves.size(); i++) {
            CertSpec spec = leaves.get(i);
            KeyPair key = keys.get(i);
            batch.add(new FileBatch.File(layout.key(spec), Pem.encodePrivateKey(key), PkiFile.KEY_MODE));
            batch.add(new FileBatch.File(layout.csr(spec), CertificateSigningRequest.pem(spec.request(pki), key),
                    PkiFile.CSR_MODE));
        }
        for (int i = 0; i < kubeconfigs.size(); i++) {
            KubeconfigSpec spec = kubeconfigs.get(i);
            KeyPair key = keys.get(leaves.size() + i);
            // kubeadm's file has the server and the key, no CA and no certificate: both come after the signing.
            batch.add(new FileBatch.File(spec.path(), renderer.render(spec.path(), config.cluster().clusterName(),
                    spec.server(config), null, spec.clientName(), KubeconfigRenderer.Credentials.keyAwaitingCertificate(
                            new String(Pem.encodePrivateKey(key), StandardCharsets.US_ASCII))).content(),
                    KubeconfigSpec.MODE));
            batch.add(new FileBatch.File(NodeLayout.csrOf(spec.path()), CertificateSigningRequest.pem(CertRequest.client(
                    spec.clientName(), spec.organizations(), pki.start(), pki.leafValidity()), key), PkiFile.CSR_MODE));
        }
        FileBatch.write(files, batch);
        return new Result(pki.certDir(), leaves.stream().map(CertSpec::baseName).toList(), kubeconfigDir,
                kubeconfigs.stream().map(s -> NodeLayout.fileName(s.path())).toList());
    }

    private static void refuseExisting(Host files, List<String> paths) {
        List<String> existing = paths.stream().filter(p -> files.stat(p).isPresent()).toList();
        if (!existing.isEmpty()) {
            throw new PkiException("[" + files.name() + "] " + String.join(", ", existing) + (existing.size() == 1
                    ? " exists" : " exist") + " already; certs generate-csr overwrites nothing: move them away, or sign "
                    + "the requests that are there");
        }
    }
}
