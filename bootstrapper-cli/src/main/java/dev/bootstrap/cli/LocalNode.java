package dev.bootstrap.cli;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.host.LocalNetwork;
import dev.bootstrap.net.IpAddresses;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * init's configuration for this machine, for the commands that work on its files without running init (init phase
 * certs, certs generate-csr, kubeconfig user): what the configuration leaves out comes from this machine, as
 * kubeadm's LoadOrDefaultInitConfiguration takes it (the host name, the primary IPv4 address).
 */
final class LocalNode {

    private LocalNode() {
    }

    /**
     * {@code --config} as init reads it (or kubeadm's defaults without one), with {@code flags} over it, resolved for
     * this machine.
     */
    static KubeadmConfig read(CommandSpec spec, Path configFile, InitFlags flags) {
        try {
            KubeadmConfig config = configFile == null ? KubeadmConfigReader.fromFlags(flags)
                    : KubeadmConfigReader.readInit(configFile, flags, Warnings.to(spec));
            return resolve(spec, config);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code config} with this machine's host name and primary IPv4 where it has no node name or address. */
    static KubeadmConfig resolve(CommandSpec spec, KubeadmConfig config) {
        boolean noAddress = config.init().localAPIEndpoint().advertiseAddress().isEmpty();
        return config.forNode(LocalNetwork.hostname(), noAddress ? primaryAddress(spec) : "");
    }

    private static String primaryAddress(CommandSpec spec) {
        return LocalNetwork.primaryIPv4().map(IpAddresses::format).orElseGet(() -> {
            Warnings.to(spec).accept("no non-loopback IPv4 address found; using 127.0.0.1 as the advertise address "
                    + "(--apiserver-advertise-address, localAPIEndpoint.advertiseAddress)");
            return "127.0.0.1";
        });
    }
}
