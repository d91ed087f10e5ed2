package dev.bootstrap.init;

import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.nodefiles.KubeconfigFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiConfig;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;

/** The kubeconfig phase: admin, super-admin, controller-manager, scheduler and kubelet kubeconfigs. */
final class KubeconfigPhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubeconfig", "Generate all kubeconfig files", Trait.FILES_FROM_CONFIG, Trait.HOLDS_WRITES);

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        PkiConfig pki = CertificateFiles.pkiConfig(ctx.config());
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
        return KubeconfigFiles.write(ctx.files(), ctx.config(), KubeconfigSpec.forInit(ctx.config()), pki, caPem,
                new KubeconfigRenderer(ctx.options().templates()), keys).outcome();
    }
}
