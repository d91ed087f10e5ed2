package dev.bootstrap.init;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.UploadCerts;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import java.time.Instant;
import java.util.List;

/** upload-certs: with --upload-certs, the encrypted kubeadm-certs Secret for control-plane joins. */
final class UploadCertsPhase extends ApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("upload-certs", "Upload certificates to kubeadm-certs");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(InitContext ctx) {
        return ctx.options().uploadCerts() ? "create the encrypted Secret kube-system/kubeadm-certs"
                : "skip: --upload-certs was not given";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        if (!ctx.options().uploadCerts()) {
            return List.of(new ObjectApplier.Applied(false, "skipped: --upload-certs was not given"));
        }
        if (ctx.certificateKey() == null) {
            ctx.certificateKey(CertificateKey.generate());
        }
        List<ObjectApplier.Applied> done = new UploadCerts(ctx.admin()).upload(ctx.certificateKey(),
                KubeadmCertsSecret.of(ctx.config().cluster()).read(ctx.files()), Instant.now());
        ctx.uploadedKey(ctx.certificateKey());
        return done;
    }
}
