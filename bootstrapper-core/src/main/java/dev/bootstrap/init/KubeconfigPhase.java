package dev.bootstrap.init;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.ClientCertIssuer;
import dev.bootstrap.kubeconfig.InitKubeconfigs;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** The kubeconfig phase: admin, super-admin, controller-manager, scheduler and kubelet kubeconfigs. */
final class KubeconfigPhase implements Phase<InitContext> {

    @Override
    public String name() {
        return "kubeconfig";
    }

    @Override
    public String title() {
        return "Generate all kubeconfig files";
    }

    @Override
    public Outcome run(InitContext ctx) {
        PkiConfig pki = CertsPhase.pkiConfig(ctx.config());
        String caPath = pki.layout().caCert();
        String caPem = new String(ctx.files().readFile(caPath).orElseThrow(() -> new IllegalStateException("["
                + ctx.files().name() + "] " + caPath + " is missing; run the certs phase first")), StandardCharsets.UTF_8);
        // Keys for the missing files are made up front, in parallel (key generation is the slow part),
        // or were made ahead with the certificates' (up).
        long missing = KubeconfigSpec.forInit(ctx.config()).stream()
                .filter(spec -> ctx.files().stat(spec.path()).isEmpty()).count();
        Deque<KeyPair> keys = new ConcurrentLinkedDeque<>(Stream.generate(() -> 0).limit(missing).parallel()
                .map(i -> ctx.options().keysAhead().take(pki.algorithm()).map(CompletableFuture::join)
                        .orElseGet(pki.algorithm()::generate)).toList());
        return write(ctx.files(), ctx.config(), KubeconfigSpec.forInit(ctx.config()), pki, caPem,
                new KubeconfigRenderer(ctx.options().templates()), keys).outcome();
    }

    /**
     * Writes the {@code specs} kubeconfigs that are missing (existing ones are kept, as kubeadm does)
     * with client certificates from the CA in {@code pki.certDir()}; {@code keys} are pre-made keys.
     *
     * @return "wrote PATH", "unchanged PATH (existing, same CA)" and "WARNING: ..." lines
     */
    static FileReport write(Host files, KubeadmConfig config, List<KubeconfigSpec> specs, PkiConfig pki,
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
            X509Certificate cert = ca.issue(CertRequest.client(cn, orgs, pki.start(), pki.leafValidity()), key.getPublic());
            return new ClientCertIssuer.IssuedPem(new String(Pem.encodeCertificate(cert), StandardCharsets.US_ASCII),
                    new String(Pem.encodePrivateKey(key.getPrivate()), StandardCharsets.US_ASCII));
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
