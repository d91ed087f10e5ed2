package dev.bootstrap.upgrade;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import dev.bootstrap.pki.NodeLayout;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories one upgrade run leaves under /etc/kubernetes/tmp, named as kubeadm names them
 * (cmd/kubeadm/app/phases/upgrade/staticpods.go, NewKubeStaticPodPathManagerUsingTempDirs;
 * cmd/kubeadm/app/constants: CreateTempDir, CreateTimestampDir): backups carry the run's time
 * ({@code kubeadm-backup-manifests-2026-12-07-10-15-00}), work directories a random suffix. Each is made on first
 * use, 0700, so a run that changes nothing leaves nothing. {@link #prune} keeps the newest {@value #KEEP} of each
 * kind, which kubeadm leaves to the user (kubernetes/kubernetes#125357).
 */
public final class UpgradeBackups {

    public static final int KEEP = 3;
    static final String MANIFESTS = "kubeadm-backup-manifests-";
    static final String ETCD = "kubeadm-backup-etcd-";
    static final String UPGRADED = "kubeadm-upgraded-manifests";
    static final String KUBELET_CONFIG = "kubeadm-kubelet-config";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Host files;
    private final String stamp;
    private final String suffix;
    private final List<String> made = new ArrayList<>();

    public UpgradeBackups(Host files, Instant now) {
        this.files = files;
        this.stamp = STAMP.format(now);
        this.suffix = String.valueOf(1_000_000_000L + (RANDOM.nextLong() & Long.MAX_VALUE) % 9_000_000_000L);
    }

    /** Where the replaced manifests go. */
    public String manifests() {
        return made(MANIFESTS + stamp);
    }

    /** Where the etcd data directory is copied before etcd changes. */
    public String etcd() {
        return made(ETCD + stamp);
    }

    /** Where the new manifests are rendered before they are compared and swapped. */
    public String upgradedManifests() {
        return made(UPGRADED + suffix);
    }

    /** Where /var/lib/kubelet/config.yaml is copied before it is rewritten. */
    public String kubeletConfig() {
        return made(KUBELET_CONFIG + suffix);
    }

    private synchronized String made(String name) {
        String dir = NodeLayout.TMP_DIR + "/" + name;
        if (!made.contains(dir)) {
            files.mkdirs(dir, 0700);
            made.add(dir);
        }
        return dir;
    }

    /** Removes this run's work directory (the rendered manifests); the backups stay. */
    public void cleanUp() {
        String dir = NodeLayout.TMP_DIR + "/" + UPGRADED + suffix;
        if (made.remove(dir)) {
            files.remove(dir);
        }
    }

    /**
     * Removes the backups beyond the newest {@value #KEEP} of each kind, and work directories that failed runs
     * left; returns what it removed.
     */
    public static List<String> prune(Host files) {
        String dir = files.shellPath(NodeLayout.TMP_DIR);
        String script = "cd " + Shell.quote(dir) + " 2>/dev/null || exit 0; "
                + "for kind in " + MANIFESTS + " " + ETCD + " " + KUBELET_CONFIG + "; do "
                + "ls -1dt \"$kind\"* 2>/dev/null | tail -n +" + (KEEP + 1) + "; done; "
                + "ls -1d " + UPGRADED + "* 2>/dev/null; true";
        List<String> removed = new ArrayList<>();
        for (String name : files.runChecked(script, Duration.ofSeconds(30)).stdout().lines().toList()) {
            if (name.matches("[A-Za-z0-9._-]+")) {
                String path = NodeLayout.TMP_DIR + "/" + name;
                files.remove(path);
                removed.add(path);
            }
        }
        return removed;
    }
}
