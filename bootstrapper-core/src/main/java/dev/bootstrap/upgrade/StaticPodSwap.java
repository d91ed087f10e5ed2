package dev.bootstrap.upgrade;

import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubeadm's upgradeComponent (cmd/kubeadm/app/phases/upgrade/staticpods.go) for the components of one node, in
 * order: the new manifest rendered into the run's work directory and compared with the running one as decoded
 * objects; an unchanged one is left alone, unless certificates of the component expire within the renewal window
 * (then they are renewed and the component restarted); else its certificates renewed, the running manifest backed
 * up, the new one written in its place (atomically), then the mirror Pod's {@code kubernetes.io/config.hash}
 * waited for, the Pod Running, and the component's health. Each swapped component is recorded, so a later failure
 * puts every one back ({@link #rollBack}).
 */
final class StaticPodSwap {

    /** How a component shows it runs after the swap (its health endpoint; etcd: its API); what it saw. */
    interface Health {
        List<String> await(String component) throws InterruptedException;
    }

    /** What must happen once a component is certain to change, before anything of it does (etcd's data copy). */
    interface BeforeChange {
        BeforeChange NOTHING = lines -> { };

        void run(List<String> lines);
    }

    /** What one component's upgrade did. */
    record Result(boolean changed, List<String> lines) {
    }

    private final UpgradeContext ctx;
    private final StaticPods pods;
    private final MirrorPods mirrors;
    private final ComponentCertificates certificates;
    private final Map<String, String> backedUp = new LinkedHashMap<>();

    StaticPodSwap(UpgradeContext ctx, StaticPods pods, MirrorPods mirrors, ComponentCertificates certificates) {
        this.ctx = ctx;
        this.pods = pods;
        this.mirrors = mirrors;
        this.certificates = certificates;
    }

    Result upgrade(String component, BeforeChange before, Health health) throws InterruptedException {
        String path = NodeLayout.manifest(component);
        String where = "[" + ctx.node().name() + "] " + path;
        byte[] current = ctx.node().readFile(path).orElseThrow(() -> new UpgradeException(where + " is missing; "
                + "kubeadm's upgrade replaces manifests that init or join wrote (StaticPodManifest check)"));
        RenderedFile next = pods.render(component);
        boolean same = ManifestComparison.sameObject(current, next.content(), where);
        boolean renew = ctx.options().certificateRenewal();
        List<String> expiring = renew ? certificates.expiring(component, ctx.options().renewalWindow()) : List.of();
        List<String> lines = new ArrayList<>();
        if (same && expiring.isEmpty()) {
            lines.add("Current and new manifests of " + component + " are equal, skipping upgrade");
            return new Result(false, lines);
        }
        lines.add("Preparing for \"" + component + "\" upgrade");
        before.run(lines);
        String rendered = ctx.backups().upgradedManifests() + "/" + component + ".yaml";
        ctx.files().writeFile(rendered, next.content(), StaticPods.MODE);
        String backup = ctx.backups().manifests() + "/" + component + ".yaml";
        if (ctx.dryRun()) {
            lines.addAll(wouldDo(component, path, backup, current, next, same, expiring));
            return new Result(true, lines);
        }
        Duration timeout = ctx.options().timeouts().upgradeManifests();
        String hash = mirrors.hash(component, timeout);
        if (renew) {
            if (same) {
                lines.add("certificates of " + component + " expire within " + ctx.options().renewalWindow().toDays()
                        + " days: " + String.join(", ", expiring) + "; renewing them and restarting " + component);
            }
            lines.addAll(certificates.renew(component));
        }
        ctx.files().writeFile(backup, current, StaticPods.MODE);
        backedUp.put(component, backup);
        if (same) {
            // A kubelet restarts a static Pod whose manifest went away and came back; the same content keeps its hash.
            ctx.files().remove(path);
            mirrors.awaitGone(component, timeout);
            ctx.files().writeFile(path, current, StaticPods.MODE);
            lines.add("Restarted " + component + " (same manifest) and backed up its manifest to " + backup);
            mirrors.hash(component, timeout);
        } else {
            ctx.files().writeFile(path, next.content(), StaticPods.MODE);
            lines.add("Moved new manifest to " + path + " and backed up old manifest to " + backup);
            mirrors.awaitHashChange(component, hash, timeout);
        }
        mirrors.awaitRunning(component, timeout);
        lines.addAll(health.await(component));
        lines.add("Upgraded " + component + " on " + ctx.node().name() + ": its mirror Pod runs the new manifest and "
                + "it is healthy");
        return new Result(true, lines);
    }

    private List<String> wouldDo(String component, String path, String backup, byte[] current, RenderedFile next,
                                 boolean same, List<String> expiring) {
        List<String> lines = new ArrayList<>();
        if (ctx.options().certificateRenewal()) {
            lines.add("[dryrun] Would renew the certificates of " + component + ": "
                    + String.join(", ", ComponentCertificates.of(component, ctx.config().cluster().localEtcd()))
                    + (same ? " (expiring: " + String.join(", ", expiring) + ")" : ""));
        }
        lines.add("[dryrun] Would back up " + path + " to " + backup);
        if (same) {
            lines.add("[dryrun] Would restart " + component + " with the same manifest");
        } else {
            lines.add("[dryrun] Would move the new manifest to " + path + " and wait for the mirror Pod's "
                    + MirrorPods.HASH + " to change:");
            ManifestComparison.unifiedDiff(path, new String(current, java.nio.charset.StandardCharsets.UTF_8),
                    next.text(), 3).lines().forEach(l -> lines.add("  " + l));
        }
        return lines;
    }

    /** Whether {@code component} was swapped in this run (its backup is recorded). */
    boolean swapped(String component) {
        return backedUp.containsKey(component);
    }

    /**
     * Puts back the backed-up manifests of the components in {@code only} (all swapped ones when empty), as kubeadm's
     * rollbackOldManifests; returns one line per component.
     */
    List<String> rollBack(List<String> only) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> e : backedUp.entrySet()) {
            if (!only.isEmpty() && !only.contains(e.getKey())) {
                continue;
            }
            byte[] old = ctx.files().readFile(e.getValue()).orElseThrow(() -> new UpgradeException("[" + ctx.node()
                    .name() + "] the backup " + e.getValue() + " is gone; put the manifest of " + e.getKey()
                    + " back by hand"));
            ctx.files().writeFile(NodeLayout.manifest(e.getKey()), old, StaticPods.MODE);
            lines.add("Rolled back " + e.getKey() + " to " + e.getValue());
        }
        return lines;
    }
}
