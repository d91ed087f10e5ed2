package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.host.Host;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubeadm's upgrade diff (cmd/kubeadm/app/cmd/upgrade/diff.go): the live kube-apiserver, kube-controller-manager and
 * kube-scheduler manifests of a control plane against the ones an upgrade to the target would write (etcd is not
 * shown, as kubeadm's). Reads only.
 */
public final class ManifestDiff {

    /**
     * One manifest: its component, path, unified diff ("" when equal as text) and whether it means another Pod.
     */
    public record Entry(String component, String path, String diff, boolean changesPod) {
    }

    private ManifestDiff() {
    }

    public static List<Entry> of(Host node, KubernetesVersion target, TemplateRenderer templates,
                                 Map<String, String> environment, int contextLines) {
        UpgradeOptions options = new UpgradeOptions(Optional.of(target), null, true, true, false,
                new SkewPolicy.Allow(false, false), IgnoredErrors.NONE, SkipPhases.NONE, "", Timeouts.DEFAULT,
                UpgradeOptions.RENEWAL_WINDOW, templates, environment);
        List<Entry> entries = new ArrayList<>();
        try (UpgradeContext ctx = new UpgradeContext(node, node, options, Instant.now())) {
            if (!ctx.controlPlane()) {
                throw new UpgradeException("[" + node.name() + "] " + NodeLayout.manifest("kube-apiserver")
                        + " is missing: upgrade diff compares a control plane's manifests");
            }
            StaticPods pods = new StaticPods(templates, ctx.config(), ControlPlaneFacts.of(node, environment, false));
            for (String component : ControlPlaneUpgradePhase.COMPONENTS) {
                String path = NodeLayout.manifest(component);
                byte[] current = node.readFile(path).orElse(new byte[0]);
                RenderedFile next = pods.render(component);
                entries.add(new Entry(component, path, ManifestComparison.unifiedDiff(path,
                        new String(current, StandardCharsets.UTF_8), next.text(), contextLines),
                        current.length == 0 || !ManifestComparison.sameObject(current, next.content(), path)));
            }
        }
        return entries;
    }
}
