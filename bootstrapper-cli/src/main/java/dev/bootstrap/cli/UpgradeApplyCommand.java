package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.UpgradeConfiguration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap upgrade apply VERSION}: kubeadm upgrade apply on the first control plane. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Upgrade the first control plane to VERSION, as kubeadm upgrade apply: preflight and the "
                + "version skew policy; etcd (its data copied to /etc/kubernetes/tmp first), kube-apiserver, "
                + "kube-controller-manager and kube-scheduler swapped one at a time, each waited for and rolled back "
                + "if it does not come up; the ConfigMaps kubeadm-config and kubelet-config; the kubelet's config.yaml; "
                + "the bootstrap-token RBAC; CoreDNS and kube-proxy once every control plane runs VERSION; old backups "
                + "pruned. Running it again finishes a run that stopped.")
public final class UpgradeApplyCommand implements Callable<Integer> {

    private final Set<String> only;

    public UpgradeApplyCommand() {
        this(Set.of());
    }

    /** {@code upgrade apply phase NAME}: only these phases. */
    UpgradeApplyCommand(Set<String> only) {
        this.only = only;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    UpgradeSettings settings;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The target version (else the "
            + "--config file's apply.kubernetesVersion).")
    String version;

    @Option(names = {"-f", "--force"}, description = "Upgrade although skippable rules of the skew policy are broken.")
    boolean force;

    @Option(names = {"-y", "--yes"}, description = "Accepted for kubeadm's sake: bootstrap does not ask.")
    boolean yes;

    @Mixin
    AllowUpgradeOptions allow;

    @Override
    public Integer call() {
        UpgradeConfiguration file = settings.file();
        UpgradeConfiguration.Apply apply = file.apply();
        KubernetesVersion target = version != null ? UpgradeCommand.version(spec, version)
                : apply.kubernetesVersion().orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "name the target VERSION (or apply.kubernetesVersion in --config)"));
        UpgradeSettings.Section section = new UpgradeSettings.Section(apply.dryRun(), apply.etcdUpgrade(),
                apply.certificateRenewal(), apply.ignorePreflightErrors(), apply.skipPhases(), apply.patchesDirectory());
        return settings.execute(only, Optional.of(target), section, force || apply.forceUpgrade(),
                allow.allow(apply.allowExperimentalUpgrades(), apply.allowRCUpgrades()), file.timeouts());
    }
}
