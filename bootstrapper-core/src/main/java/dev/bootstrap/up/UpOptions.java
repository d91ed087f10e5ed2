package dev.bootstrap.up;

import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.reset.EtcdMemberRemoval;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How {@code up} runs beyond the cluster file.
 *
 * @param waitTimeout  how long each wait may take (control-plane health, the kubelets' TLS bootstrap, etcd)
 * @param me           who takes the cluster lock
 * @param environment  supplies proxy variables to the static pods, as for init
 * @param etcdRemoval  how a pruned control plane leaves etcd
 * @param snapshotDir  where a rolling upgrade keeps its etcd snapshots, on this machine
 */
public record UpOptions(IgnoredErrors ignoredErrors, Duration waitTimeout, TemplateRenderer templates,
                        Map<String, String> environment, LockHolder me, EtcdMemberRemoval etcdRemoval,
                        Path snapshotDir) {

    public UpOptions {
        environment = Map.copyOf(environment);
    }
}
