package dev.bootstrap.init;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KeyAlgorithm;
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
        List<PkiGenerator.Outcome> outcomes = generate(ctx.files(), pkiConfig(ctx.config()), ctx.options().skipPhases(),
                ctx.options().keysAhead());
        FileReport report = report(outcomes);
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
        return new PkiGenerator(files, Runtime.getRuntime().availableProcessors(), ahead).generate(pki, specs);
    }

    /** "generated NAME" (a change) or "unchanged NAME (...)" per certificate. */
    static FileReport report(List<PkiGenerator.Outcome> outcomes) {
        FileReport report = new FileReport();
        for (PkiGenerator.Outcome o : outcomes) {
            report.add(switch (o.action()) {
                case GENERATED -> "generated " + o.name();
                case REUSED -> "unchanged " + o.name() + " (existing, valid)";
                case EXTERNAL_CA -> "unchanged " + o.name() + " (external CA)";
            }, o.action() == PkiGenerator.Action.GENERATED);
        }
        return report;
    }

    /** The PKI inputs kubeadm takes from its configuration ({@code config} resolved for the node). */
    public static PkiConfig pkiConfig(KubeadmConfig config) {
        ClusterConfiguration c = config.cluster();
        PkiConfig.Builder b = PkiConfig.builder(config.nodeName(), config.advertiseAddress())
                .certDir(c.certificatesDir())
                .serviceSubnet(c.networking().serviceSubnet())
                .dnsDomain(c.networking().dnsDomain())
                .controlPlaneEndpoint(c.controlPlaneEndpoint())
                .apiServerCertSans(c.apiServer().certSANs())
                .algorithm(KeyAlgorithm.parse(c.encryptionAlgorithmType()))
                .caValidity(c.caCertificateValidityPeriod())
                .leafValidity(c.certificateValidityPeriod())
                .externalEtcd(c.etcd().external() != null)
                .kubeletClientInAdminsGroup(!c.release().has(VersionTable.Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION));
        if (c.etcd().local() != null) {
            b.etcdServerCertSans(c.etcd().local().serverCertSANs()).etcdPeerCertSans(c.etcd().local().peerCertSANs());
        }
        return b.build().validate();
    }
}
