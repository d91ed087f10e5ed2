package dev.bootstrap.upgrade;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.etcd.EtcdException;
import dev.bootstrap.etcd.EtcdMemberClient;
import dev.bootstrap.etcd.NodeEtcd;
import dev.bootstrap.host.Shell;
import dev.bootstrap.manifests.Images;
import java.time.Duration;
import java.util.List;

/**
 * kubeadm's performEtcdStaticPodUpgrade (cmd/kubeadm/app/phases/upgrade/staticpods.go) for the node's local etcd
 * member: the member must answer first; its data directory is copied into the run's backup directory
 * ({@code cp -r}, as kubeadm's CopyDir); a newer etcd than the target's is not downgraded; then the manifest is
 * swapped like the other components' and the member must answer again. If it does not, the old manifest goes back,
 * and if the old member stays down too, the data directory is restored from the copy.
 */
final class EtcdUpgrade {

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(10);
    private static final String COMPONENT = "etcd";

    private final UpgradeContext ctx;
    private final StaticPodSwap swap;

    EtcdUpgrade(UpgradeContext ctx, StaticPodSwap swap) {
        this.ctx = ctx;
        this.swap = swap;
    }

    /** Adds what it did to {@code lines}; whether it changed anything. */
    boolean run(List<String> lines) throws InterruptedException {
        ClusterConfiguration cluster = ctx.config().cluster();
        if (!cluster.localEtcd()) {
            lines.add("external etcd detected, won't try to change any etcd state");
            return false;
        }
        if (!ctx.options().etcdUpgrade()) {
            lines.add("etcd is not upgraded (--etcd-upgrade=false)");
            return false;
        }
        String running;
        try {
            running = NodeEtcd.client(ctx.node()).version();
        } catch (EtcdException | IllegalStateException e) {
            throw new UpgradeException("etcd cluster is not healthy: " + e.getMessage());
        }
        String desired = new Images(cluster).etcdTag();
        if (compare(desired, running) < 0) {
            lines.add("the desired etcd version \"" + desired + "\" is older than the running \"" + running
                    + "\": won't downgrade etcd, instead just continue");
            return false;
        }
        String dataDir = cluster.etcd().local().dataDir();
        String name = dataDir.substring(dataDir.lastIndexOf('/') + 1);
        // Copied only once the member will change: a run that changes nothing leaves no copy.
        StaticPodSwap.BeforeChange copyData = out -> {
            String backup = ctx.backups().etcd();
            if (ctx.dryRun()) {
                out.add("[dryrun] Would copy the etcd data directory " + dataDir + " to " + backup + "/" + name);
                return;
            }
            ctx.files().runChecked("cp -r " + Shell.quote(ctx.files().shellPath(dataDir)) + " "
                    + Shell.quote(ctx.files().shellPath(backup)) + "/", COPY_TIMEOUT);
            out.add("Copied the etcd data directory " + dataDir + " to " + backup + "/" + name);
        };
        StaticPodSwap.Result result;
        try {
            result = swap.upgrade(COMPONENT, copyData, c -> {
                awaitAnswer(ctx.options().timeouts().etcdAPICall());
                return List.of("etcd answers on " + ctx.node().name());
            });
        } catch (RuntimeException e) {
            throw new UpgradeException(rollBack(dataDir, ctx.backups().etcd() + "/" + name, e));
        }
        lines.addAll(result.lines());
        return result.changed();
    }

    /** kubeadm's recovery: the old manifest, then the old data if the old member does not answer either. */
    private String rollBack(String dataDir, String copy, RuntimeException cause) throws InterruptedException {
        String message = "etcd did not come back after its upgrade (" + cause.getMessage() + ")";
        if (!swap.swapped(COMPONENT)) {
            return message;
        }
        swap.rollBack(List.of(COMPONENT));
        try {
            awaitAnswer(ctx.options().timeouts().etcdAPICall());
            return message + "; rolled back the etcd manifest, and the earlier etcd answers";
        } catch (UpgradeException stillDown) {
            ctx.files().runChecked("rm -rf " + Shell.quote(ctx.files().shellPath(dataDir)) + " && cp -r "
                    + Shell.quote(ctx.files().shellPath(copy)) + " " + Shell.quote(ctx.files().shellPath(dataDir)),
                    COPY_TIMEOUT);
            try {
                awaitAnswer(ctx.options().timeouts().etcdAPICall());
            } catch (UpgradeException e) {
                return message + "; rolled back the manifest and the data (from " + copy + "), but etcd still does "
                        + "not answer: " + e.getMessage();
            }
            return message + "; rolled back the etcd manifest and its data from " + copy + ", and etcd answers";
        }
    }

    private void awaitAnswer(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        EtcdMemberClient client = null;
        String last;
        while (true) {
            try {
                // Made once (its certificate files and tunnel are read over the node's connection), again if that failed.
                client = client != null ? client : NodeEtcd.client(ctx.node());
                client.version();
                return;
            } catch (EtcdException | IllegalStateException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new UpgradeException("[" + ctx.node().name() + "] etcd did not answer within " + timeout.toSeconds()
                        + "s: " + last);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Compares etcd versions such as 3.6.5-0 and 3.5.21 by their numbers. */
    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        String[] parts = version.replaceFirst("^v", "").split("[-+]")[0].split("\\.");
        int[] out = new int[3];
        for (int i = 0; i < 3 && i < parts.length; i++) {
            out[i] = parts[i].matches("\\d+") ? Integer.parseInt(parts[i]) : 0;
        }
        return out;
    }
}
