package dev.bootstrap.reset;

/**
 * What the user chose for a reset.
 *
 * @param cleanupTmpDir also delete the contents of /etc/kubernetes/tmp (kubeadm's --cleanup-tmp-dir)
 * @param dryRun        inspect the nodes and say what would be done, changing nothing
 */
public record ResetOptions(boolean cleanupTmpDir, boolean dryRun) {
}
