package dev.bootstrap.init;

import dev.bootstrap.host.Host;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.nodefiles.FileReport;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.util.List;

/** The certs phase: kubeadm's PKI in certificatesDir; existing valid files are kept. */
public final class CertsPhase implements Phase<InitContext> {

    /** One sub-phase per certificate, named as kubeadm names them (KubeadmCertificates). */
    public static final PhaseSpec SPEC = PhaseSpec.of("certs", "Certificate generation", Trait.FILES_FROM_CONFIG,
            Trait.HOLDS_WRITES).withSubPhases(KubeadmCertificates.names());

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        List<PkiGenerator.Outcome> outcomes = generate(ctx.files(), CertificateFiles.pkiConfig(ctx.config()),
                ctx.options().skipPhases(), ctx.options().keysAhead());
        FileReport report = CertificateFiles.report(outcomes);
        return report.changed() ? report.outcome()
                : Outcome.unchanged("all " + outcomes.size() + " certificates and keys exist and are valid");
    }

    /**
     * The phase's work, also for {@code init phase certs NAME}: the certificates {@code pki} makes but the skipped
     * ones, generated where missing or invalid.
     */
    public static List<PkiGenerator.Outcome> generate(Host files, PkiConfig pki, SkipPhases skip, KeyPool ahead) {
        List<CertSpec> specs = KubeadmCertificates.forConfig(pki).stream().filter(s -> !skip.skips(SPEC, s.name()))
                .toList();
        return CertificateFiles.generate(files, pki, specs, ahead);
    }
}
