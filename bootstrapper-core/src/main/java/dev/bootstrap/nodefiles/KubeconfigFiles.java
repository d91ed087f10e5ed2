package dev.bootstrap.nodefiles;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.ClientCertIssuer;
import dev.bootstrap.kubeconfig.InitKubeconfigs;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.PkiConfig;
import java.security.KeyPair;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** A node's kubeconfig files as init's kubeconfig phase and a joining control plane write them. */
public final class KubeconfigFiles {

    private KubeconfigFiles() {
    }

    /**
     * Writes the {@code specs} kubeconfigs that are missing (existing ones are kept, as kubeadm does)
     * with client certificates from the CA in {@code pki.layout()}; {@code keys} are pre-made keys.
     *
     * @return "wrote PATH", "unchanged PATH (existing, same CA)" and "WARNING: ..." lines
     */
    public static FileReport write(Host files, KubeadmConfig config, List<KubeconfigSpec> specs, PkiConfig pki,
                                   String caPem, KubeconfigRenderer renderer, Deque<KeyPair> keys) {
        // The CA key is loaded only when a file must be made: with an external CA (no ca.key) the
        // kubeconfigs must already exist, and kubeadm says so.
        // Loaded once for all files (two reads on the node).
        Supplier<CertificateAuthority> loadedCa = new Supplier<>() {
            private CertificateAuthority ca;

            @Override
            public synchronized CertificateAuthority get() {
                if (ca == null) {
                    ca = CertificateAuthority.load(files, pki.layout(), KubeadmCertificates.CA);
                }
                return ca;
            }
        };
        ClientCertIssuer issuer = (cn, orgs) -> {
            CertificateAuthority ca = loadedCa.get();
            KeyPair key = keys.isEmpty() ? pki.algorithm().generate() : keys.pop();
            return ClientCertIssuer.IssuedPem.of(ca.issue(CertRequest.client(cn, orgs, pki.start(), pki.leafValidity()),
                    key.getPublic()), key);
        };
        FileSync.directory(files, NodeLayout.KUBERNETES_DIR, 0755);
        FileReport report = new FileReport();
        for (InitKubeconfigs.Result r : new InitKubeconfigs(renderer).plan(config, specs, caPem, issuer, files::readFile)) {
            if (r.file().isPresent()) {
                report.write(files, r.file().get());
            } else {
                report.note("unchanged " + r.spec().path() + " (existing, same CA)");
            }
            r.warning().ifPresent(w -> report.note("WARNING: " + w));
        }
        return report;
    }
}
