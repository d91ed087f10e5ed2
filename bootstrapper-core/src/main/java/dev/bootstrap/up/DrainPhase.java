package dev.bootstrap.up;

import dev.bootstrap.cluster.UpgradeSpec;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.upgrade.NodeDrain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cordons and drains the node before its kubelet changes (kubeadm's documented procedure; {@link NodeDrain}): only
 * when the kubelet will change here (its version is behind the hop and spec.upgrade.kubeletCommand is set). A drain
 * that fails uncordons the node again, and the run stops naming the Pods and budgets that blocked it.
 */
final class DrainPhase extends RollingPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("drain", "Cordon the node and evict its Pods");


    DrainPhase(RollingRun rolling) {
        super(SPEC, rolling);
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        String name = node.upgrade().config().nodeName();
        UpgradeSpec spec = rolling.up.file.upgrade();
        if (rolling.hop.toString().equals(KubeletUpgradePhase.kubeletVersion(rolling, name))) {
            return Outcome.unchanged("its kubelet runs " + rolling.hop + ": nothing to drain for");
        }
        if (spec.kubeletCommand().isEmpty()) {
            return Outcome.unchanged("not drained: its kubelet is left to you (no spec.upgrade.kubeletCommand)");
        }
        NodeDrain drain = new NodeDrain(rolling.admin());
        List<String> lines = new ArrayList<>();
        lines.add(drain.cordon(name) ? "cordoned " + name : name + " was cordoned by you: it stays so");
        NodeDrain.Options options = new NodeDrain.Options(spec.drainTimeout(),
                spec.drainGracePeriod().isPresent() ? Optional.of(Duration.ofSeconds(spec.drainGracePeriod().getAsInt()))
                        : Optional.empty(), spec.deleteEmptyDirData(), NodeDrain.Options.DEFAULTS.pollInterval());
        NodeDrain.Result result;
        try {
            result = drain.drain(name, options);
        } catch (RuntimeException | InterruptedException e) {
            drain.uncordon(name);
            throw e;
        }
        lines.add("evicted " + result.evicted().size() + " Pod(s) in " + result.took().toMillis() + " ms"
                + (result.evicted().isEmpty() ? "" : ": " + String.join(", ", result.evicted())));
        result.skipped().forEach(s -> lines.add("left " + s.pod() + " (" + s.reason() + ")"));
        return Outcome.changed(lines.toArray(String[]::new));
    }
}
