package dev.bootstrap.reset;

import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.service.ServiceManager;
import java.util.function.UnaryOperator;

/**
 * One node being reset. Phases inspect the node through {@link #node()} and change it only through
 * {@link #files()}: the node itself, or a {@link DryRunHost} over it for --dry-run, so a dry run
 * sees the real state and cannot change it.
 */
public final class ResetContext {

    private final String target;
    private final HostResolver resolver;
    private final UnaryOperator<Host> filesOf;
    private final ServiceManager services;
    private final ResetOptions options;
    private final EtcdMemberRemoval etcd;
    private Host node;
    private Host files;

    ResetContext(String target, HostResolver resolver, UnaryOperator<Host> filesOf, ServiceManager services,
                 ResetOptions options, EtcdMemberRemoval etcd) {
        this.target = target;
        this.resolver = resolver;
        this.filesOf = filesOf;
        this.services = services;
        this.options = options;
        this.etcd = etcd;
    }

    /**
     * A node already connected. With {@code options.dryRun()} the files host must be a
     * {@link DryRunHost}; otherwise it is normally the node itself.
     */
    public static ResetContext of(Host node, Host files, ServiceManager services, ResetOptions options,
                                  EtcdMemberRemoval etcd) {
        if (options.dryRun() && !(files instanceof DryRunHost)) {
            throw new IllegalArgumentException("a dry-run reset needs a DryRunHost for its changes");
        }
        return new ResetContext(node.name(), t -> node, h -> files, services, options, etcd);
    }

    public String target() {
        return target;
    }

    /**
     * The node, connected on first use: a node that cannot be reached fails its first phase and
     * only its own run.
     */
    public synchronized Host node() {
        if (node == null) {
            node = resolver.resolve(target);
            files = filesOf.apply(node);
        }
        return node;
    }

    /** Where changes go: the node, or a recorder of what would be done under --dry-run. */
    public synchronized Host files() {
        node();
        return files;
    }

    public ServiceManager services() {
        return services;
    }

    public ResetOptions options() {
        return options;
    }

    public EtcdMemberRemoval etcd() {
        return etcd;
    }

    /** A report line: what was done, or under --dry-run what would be. */
    String said(String done, String wouldDo) {
        return options.dryRun() ? "[dryrun] " + wouldDo : done;
    }
}
