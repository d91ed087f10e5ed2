package dev.bootstrap.reset;

import dev.bootstrap.host.Host;
import java.util.List;

/**
 * Removing a control-plane node's member from its etcd cluster through the etcd API, which kubeadm
 * reset does before it deletes the member's data ({@link EtcdApiMemberRemoval}).
 */
@FunctionalInterface
public interface EtcdMemberRemoval {

    /**
     * Removes the member of the etcd running on {@code node} (or says what it would do when
     * {@code dryRun}); returns the lines to report. Failing to reach etcd is reported, not thrown:
     * kubeadm goes on to delete the data either way.
     */
    List<String> removeMember(Host node, boolean dryRun);
}
