package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.state.Journal;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.ClusterFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** up runs for unit tests of its phases: default options, the nodes reached through the resolver given. */
final class UpRuns {

    /** cp1 (the first control plane) and the worker w1. */
    static final ClusterFile TWO_NODES = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE
            + "    - name: w1\n      address: 10.211.0.12\n      role: worker\n", Map.of());

    private UpRuns() {
    }

    static UpOptions options() {
        return new UpOptions(IgnoredErrors.parse(List.of()), Duration.ofMinutes(1),
                new TemplateRenderer(TemplateSource.builtIn()), Map.of(), LockHolder.ofThisProcess("test"),
                (node, dryRun) -> List.of(), Path.of("unused-snapshots"));
    }

    /** A run of {@link #TWO_NODES}. */
    static UpRun of(HostResolver hosts) {
        return new UpRun(TWO_NODES, hosts, options(), new Journal());
    }
}
