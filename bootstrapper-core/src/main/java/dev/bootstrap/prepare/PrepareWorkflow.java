package dev.bootstrap.prepare;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.cluster.Role;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.phases.Interruption;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code bootstrap prepare -f FILE}: {@link PreparePhase} on the file's nodes (or some of them), as many at once as
 * the file's concurrency allows; the binaries are verified once, before any node is reached.
 */
public final class PrepareWorkflow {

    private PrepareWorkflow() {
    }

    /** @param nodes the nodes' names; empty: every node of the file */
    public static RunReport run(ClusterFile file, HostResolver hosts, List<String> nodes, boolean dryRun,
                                TemplateRenderer renderer, Consumer<PhaseEvent> events, Interruption interruption) {
        Optional<Binaries> binaries = file.prepare().binaries().map(Binaries::verify);
        List<PhaseRunner.Target<PrepareContext>> targets = new ArrayList<>();
        for (ClusterNode node : file.nodes()) {
            if (nodes.isEmpty() || nodes.contains(node.name())) {
                PrepareTarget target = PrepareTarget.of(file, node.role() == Role.CONTROL_PLANE, binaries, renderer);
                targets.add(new PhaseRunner.Target<>(node.name(), new PrepareContext(hosts.resolve(node.name()), target,
                        dryRun)));
            }
        }
        return new PhaseRunner(file.concurrency(), events, interruption).run(List.of(new PreparePhase()), targets,
                SkipPhases.NONE);
    }
}
