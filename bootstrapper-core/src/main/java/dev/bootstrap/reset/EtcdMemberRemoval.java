package dev.bootstrap.reset;

import dev.bootstrap.host.Host;
import java.util.List;

/**
 * The seam for removing a control-plane node's member from its etcd cluster through the etcd API,
 * which kubeadm reset does before it deletes the member's data. The etcd client arrives with the
 * join work; until then {@link #NOT_IMPLEMENTED} says plainly that the member was not removed.
 */
@FunctionalInterface
public interface EtcdMemberRemoval {

    /**
     * Removes the member of the etcd running on {@code node} (or says what it would do when
     * {@code dryRun}); returns the lines to report. Failing to reach etcd is reported, not thrown:
     * kubeadm goes on to delete the data either way.
     */
    List<String> removeMember(Host node, boolean dryRun);

    EtcdMemberRemoval NOT_IMPLEMENTED = (node, dryRun) -> List.of(
            "warning: this node's etcd member was NOT removed from the etcd cluster: removal through the etcd "
                    + "API is not implemented yet (it comes with join). If other control planes remain, run "
                    + "'etcdctl member remove <ID>' on one of them");
}
