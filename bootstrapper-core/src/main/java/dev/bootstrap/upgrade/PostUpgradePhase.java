package dev.bootstrap.upgrade;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's post-upgrade (cmd/kubeadm/app/cmd/phases/upgrade/postupgrade.go): the kubelet flag the release no
 * longer takes, --pod-infra-container-image, removed from kubeadm-flags.env (backed up first); then, which kubeadm
 * leaves to the user, the backups beyond the newest {@value UpgradeBackups#KEEP} of each kind pruned.
 */
final class PostUpgradePhase implements Phase<UpgradeContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("post-upgrade", "Run post upgrade tasks");
    static final String REMOVED_FLAG = "--pod-infra-container-image";

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpgradeContext ctx) {
        List<String> lines = new ArrayList<>();
        Optional<byte[]> env = ctx.node().readFile(NodeLayout.KUBELET_FLAGS_ENV);
        if (env.isPresent()) {
            String text = new String(env.get(), StandardCharsets.UTF_8);
            String cleaned = withoutFlag(text);
            if (!cleaned.equals(text)) {
                String backup = ctx.backups().kubeletConfig() + "/kubeadm-flags.env";
                ctx.files().writeFile(backup, env.get(), 0644);
                ctx.files().writeFile(NodeLayout.KUBELET_FLAGS_ENV, cleaned.getBytes(StandardCharsets.UTF_8), 0644);
                lines.add("Removed " + REMOVED_FLAG + " from " + NodeLayout.KUBELET_FLAGS_ENV + " (backed up to "
                        + backup + ")");
            }
        }
        List<String> pruned = UpgradeBackups.prune(ctx.files());
        pruned.forEach(p -> lines.add("Removed old backup " + p + " (keeping the newest " + UpgradeBackups.KEEP + ")"));
        return lines.isEmpty() ? Outcome.unchanged("nothing to clean up") : Outcome.changed(lines.toArray(String[]::new));
    }

    /** The env file without the flag, in either of its spellings (--flag=value, --flag value). */
    static String withoutFlag(String envFile) {
        return envFile.replaceAll("\\s?" + REMOVED_FLAG + "(=|\\s+)[^\\s\"]+", "");
    }
}
