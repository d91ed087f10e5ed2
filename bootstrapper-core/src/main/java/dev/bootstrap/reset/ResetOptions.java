package dev.bootstrap.reset;

import java.util.Set;

/**
 * What the user chose for a reset.
 *
 * @param cleanupTmpDir also delete the contents of /etc/kubernetes/tmp (kubeadm's --cleanup-tmp-dir)
 * @param dryRun        inspect the nodes and say what would be done, changing nothing
 * @param only          run just these phases ({@code reset phase NAME}), or all when empty
 */
public record ResetOptions(boolean cleanupTmpDir, boolean dryRun, Set<String> only) {

    public ResetOptions {
        only = Set.copyOf(only);
    }

    /** Every phase. */
    public ResetOptions(boolean cleanupTmpDir, boolean dryRun) {
        this(cleanupTmpDir, dryRun, Set.of());
    }
}
