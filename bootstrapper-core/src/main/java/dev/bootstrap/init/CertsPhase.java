package dev.bootstrap.init;

import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.nodefiles.FileReport;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.util.List;

/** The certs phase: kubeadm's PKI in certificatesDir; existing valid files are kept. */
public final class CertsPhase implements Phase<InitContext> {

    @Override
    public String name() {
        return "certs";
    }

    @Override
    public String title() {
        return "Certificate generation";
    }

    @Override
    public Outcome run(InitContext ctx) {
        PkiConfig pki = CertificateFiles.pkiConfig(ctx.config());
        List<CertSpec> specs = KubeadmCertificates.forConfig(pki).stream()
                .filter(s -> !ctx.options().skips("certs/" + s.name()))
                .toList();
        List<PkiGenerator.Outcome> outcomes = CertificateFiles.generate(ctx.files(), pki, specs, ctx.options().keysAhead());
        FileReport report = CertificateFiles.report(outcomes);
        return report.changed() ? report.outcome()
                : Outcome.unchanged("all " + outcomes.size() + " certificates and keys exist and are valid");
    }
}
