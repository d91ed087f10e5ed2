package dev.bootstrap.host;

import java.nio.file.Path;

/** Resolves only this machine (honouring --rootfs); every other target needs the SSH module. */
public final class LocalOnlyResolver implements HostResolver {

    private final Path rootfs;

    /** @param rootfs --rootfs, or null */
    public LocalOnlyResolver(Path rootfs) {
        this.rootfs = rootfs;
    }

    @Override
    public Host resolve(String target) {
        if (HostResolver.isLocal(target)) {
            return new LocalHost("localhost", rootfs);
        }
        throw new HostException(target, "SSH targets need the ssh module, which this build does not have; "
                + "only the local machine can be checked ('--master' without a value, or 'localhost')");
    }
}
