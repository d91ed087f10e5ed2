package dev.bootstrap.config;

import java.util.List;

/**
 * The {@code kubeadm init} flags that change the configuration; null (or empty list) = not given.
 * Given flags override the values of a {@code --config} file (kubeadm refuses most mixes; bootstrap
 * lets the flag win, which {@code bootstrap up} relies on). Values are the flags' raw text so that a
 * bad value is reported against the flag by the same checks that validate files.
 * {@code uploadCerts} is not part of the configuration; the init workflow reads it from here.
 */
public record InitFlags(String advertiseAddress, Integer bindPort, String controlPlaneEndpoint, String serviceCidr,
                        String podNetworkCidr, String serviceDnsDomain, String nodeName, String certDir,
                        String kubernetesVersion, String imageRepository, String criSocket, String token,
                        String tokenTtl, boolean uploadCerts, String certificateKey, List<String> skipPhases,
                        List<String> ignorePreflightErrors, List<String> apiServerCertSans) {

    public static final InitFlags NONE = new InitFlags(null, null, null, null, null, null, null, null, null, null,
            null, null, null, false, null, List.of(), List.of(), List.of());

    public InitFlags {
        skipPhases = skipPhases == null ? List.of() : List.copyOf(skipPhases);
        ignorePreflightErrors = ignorePreflightErrors == null ? List.of() : List.copyOf(ignorePreflightErrors);
        apiServerCertSans = apiServerCertSans == null ? List.of() : List.copyOf(apiServerCertSans);
    }

    /** A copy with only the version and image repository set (what {@code config images list} takes). */
    public static InitFlags images(String kubernetesVersion, String imageRepository) {
        return new InitFlags(null, null, null, null, null, null, null, null, kubernetesVersion, imageRepository,
                null, null, null, false, null, List.of(), List.of(), List.of());
    }

    @Override
    public String toString() {
        // token and certificate key are secrets
        return "InitFlags[advertiseAddress=" + advertiseAddress + ", kubernetesVersion=" + kubernetesVersion
                + ", token=" + (token == null ? "unset" : "<secret>") + "]";
    }
}
