package dev.bootstrap.cli;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.CertRenewer;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.ManagedCertificate;
import dev.bootstrap.pki.PkiConfig;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bootstrap certs renew all|<name>}: re-issue certificates from the local CA, keeping their identity. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Renew certificates from the local CA (kubeadm certs renew): same CN, O, SANs and usages, "
                + "a new key, validity from now.",
                "CAs are never renewed; kubeconfig certificates are replaced inside their files.",
                "Restart the control-plane components afterwards."})
public final class RenewCommand implements Callable<Integer> {

    /** Names "renew" accepts, for completion and --help. */
    static final class Names extends AllOrNames {
        @Override
        List<String> names() {
            return ManagedCertificate.all(false).stream().map(ManagedCertificate::name).toList();
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    CertDirOption certDirOption;

    @Mixin
    KubeconfigDirOption kubeconfigDirOption;

    @Parameters(index = "0", paramLabel = "NAME", completionCandidates = Names.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String name;

    @Option(names = "--encryption-algorithm", paramLabel = "ALGORITHM",
            description = "Algorithm of the new keys (default: the algorithm of each existing key).")
    String encryptionAlgorithm;

    @Override
    public Integer call() {
        LocalHost host = NodeFiles.host(global);
        String certDir = certDirOption.nodePath(spec, global);
        KeyAlgorithm algorithm = encryptionAlgorithm == null ? null
                : CertsPhaseCommand.parseAlgorithm(spec, encryptionAlgorithm);
        List<CertRenewer.Outcome> outcomes = new CertRenewer(host, certDir, kubeconfigDirOption.nodePath(spec, global))
                .renew(name, algorithm, PkiConfig.DEFAULT_LEAF_VALIDITY, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        CertDirOption.externalEtcd(host, certDir));
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Json.print(out, Map.of("certificates", outcomes.stream().map(o -> Map.of("name", o.name(),
                    "action", o.action().name().toLowerCase(Locale.ROOT), "file", o.file())).toList()));
            return 0;
        }
        for (CertRenewer.Outcome o : outcomes) {
            out.println(switch (o.action()) {
                case RENEWED -> "certificate " + o.name() + " renewed (" + o.file() + ")";
                case MISSING -> "MISSING! " + o.name() + " (" + o.file() + ")";
                case SKIPPED_EXTERNAL_CA -> "certificate " + o.name() + " skipped: its CA is externally managed";
            });
        }
        if (outcomes.stream().anyMatch(o -> o.action() == CertRenewer.Action.RENEWED)) {
            out.println();
            out.println("Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager, "
                    + "kube-scheduler and etcd, so that they can use the new certificates.");
        }
        out.flush();
        return 0;
    }
}
