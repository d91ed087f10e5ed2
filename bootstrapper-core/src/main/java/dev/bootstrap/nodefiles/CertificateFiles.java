package dev.bootstrap.nodefiles;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.util.List;

/** A node's certificates as init's certs phase and a joining control plane make them. */
public final class CertificateFiles {

    private CertificateFiles() {
    }

    /** Generates what is missing or invalid. */
    public static List<PkiGenerator.Outcome> generate(Host files, PkiConfig pki, List<CertSpec> specs, KeyPool ahead) {
        return new PkiGenerator(files, Runtime.getRuntime().availableProcessors(), ahead).generate(pki, specs);
    }

    /** "generated NAME" (a change) or "unchanged NAME (...)" per certificate. */
    public static FileReport report(List<PkiGenerator.Outcome> outcomes) {
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
