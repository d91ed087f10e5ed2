package dev.bootstrap.cli;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.config.UpgradeConfiguration;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.upgrade.SkewPolicy;
import dev.bootstrap.upgrade.UpgradeOptions;
import dev.bootstrap.upgrade.UpgradeWorkflow;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The flags {@code upgrade apply} and {@code upgrade node} share (kubeadm's), and how either runs on one node. A
 * flag wins over its UpgradeConfiguration field, as kubeadm's ValueFromFlagsOrConfig.
 */
public final class UpgradeSettings {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    UpgradeNodeOptions upgradeNode;

    @Option(names = "--config", paramLabel = "FILE", description = "A kubeadm v1beta4 UpgradeConfiguration (its "
            + "apply or node section and its timeouts). Other kinds are refused: upgrade changes versions, not "
            + "the configuration.")
    Path config;

    @Option(names = "--dry-run", description = "Change nothing: print the manifest diffs, the backups, the "
            + "certificates and the API objects the upgrade would touch; files go to a temporary directory.")
    boolean dryRun;

    @Option(names = "--etcd-upgrade", arity = "1", paramLabel = "BOOL",
            description = "Upgrade the local etcd member (default true).")
    Boolean etcdUpgrade;

    @Option(names = "--certificate-renewal", arity = "1", paramLabel = "BOOL", description = "Renew each "
            + "component's certificates right before it restarts (default true); also renews those expiring within "
            + "90 days when the component's manifest does not change.")
    Boolean certificateRenewal;

    @Option(names = "--patches", paramLabel = "DIR", description = "kubeadm patches (target[suffix][+patchtype]"
            + ".json|yaml) for the new manifests, a directory on this machine.")
    Path patches;

    @Option(names = "--ignore-preflight-errors", split = ",", paramLabel = "NAME",
            description = "Upgrade preflight checks whose errors become warnings; 'all' ignores every check.")
    List<String> ignorePreflight = new ArrayList<>();

    @Option(names = "--skip-phases", split = ",", paramLabel = "PHASE", description = "Phases to skip, "
            + "comma-separated (see the phases in this command's help).")
    List<String> skipPhases = new ArrayList<>();

    /** The file's document, read once; an empty one when --config is not given. */
    UpgradeConfiguration file() {
        return config == null ? UpgradeConfiguration.DEFAULTS : read(config);
    }

    /** An UpgradeConfiguration file; its errors (file:line: field) as bad input. */
    static UpgradeConfiguration read(Path file) {
        try {
            return KubeadmConfigReader.readUpgrade(file);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The file's node section's fields a flag may override, as apply and node share them. */
    record Section(boolean dryRun, boolean etcdUpgrade, boolean certificateRenewal, List<String> ignorePreflightErrors,
                   SkipPhases skipPhases, String patchesDirectory) {
    }

    /**
     * Runs apply (with a target) or node on the chosen node (only the phases in {@code only}, if any), prints progress and the summary; the exit code.
     *
     * @param force kubeadm's --force (apply only)
     */
    int execute(Set<String> only, Optional<KubernetesVersion> target, Section section, boolean force, SkewPolicy.Allow allow,
                Timeouts timeouts) {
        boolean dry = dryRun || section.dryRun();
        List<String> ignored = new ArrayList<>(section.ignorePreflightErrors());
        ignored.addAll(ignorePreflight);
        UpgradeOptions options = new UpgradeOptions(target, dry ? InitSettings.tempDir() : null,
                etcdUpgrade != null ? etcdUpgrade : section.etcdUpgrade(),
                certificateRenewal != null ? certificateRenewal : section.certificateRenewal(), force, allow,
                IgnoredErrors.parse(ignored),
                skipPhases.isEmpty() ? section.skipPhases() : SkipPhases.given(skipPhases, "--skip-phases"),
                patches != null ? patches.toAbsolutePath().normalize().toString() : section.patchesDirectory(),
                timeouts, UpgradeOptions.RENEWAL_WINDOW, upgradeNode.templates(), System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        EventPrinter printer = new EventPrinter(out, upgradeNode.node.global.json(), false);
        UpgradeWorkflow.Result result = upgradeNode.node.onNode(host -> new UpgradeWorkflow().run(host, options, only, printer));
        if (options.dryRun()) {
            printer.dryRun(options.dryRunDir(), result.dryRunActions());
        }
        printer.summary(result.report());
        if (!upgradeNode.node.global.json() && result.report().ok() && !options.dryRun() && only.isEmpty()) {
            out.println();
            out.println(target.map(t -> "[upgrade] SUCCESS! A control plane of the cluster runs " + t
                    + ". Upgrade the other control planes with 'bootstrap upgrade node', then the kubelets.")
                    .orElse("[upgrade] The node's configuration is upgraded. Now upgrade its kubelet package and "
                            + "restart it (systemctl daemon-reload && systemctl restart kubelet)."));
        }
        out.flush();
        return result.report().ok() ? 0 : 1;
    }
}
