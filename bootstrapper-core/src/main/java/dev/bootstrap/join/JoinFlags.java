package dev.bootstrap.join;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags of {@code bootstrap join} as given: null, false or an empty list = not given. {@link JoinPlan} checks
 * them, alone or beside a JoinConfiguration, and names the flag in its errors.
 *
 * @param endpoint the API server's host:port for token discovery (the command's argument)
 * @param nodes    the --node hosts; empty = this machine
 * @param parallel how many nodes join at once
 */
public record JoinFlags(String endpoint, String token, String discoveryToken, String tlsBootstrapToken,
                        List<String> caCertHashes, boolean unsafeSkipCaVerification, String discoveryFile,
                        String nodeName, String criSocket, List<String> ignorePreflightErrors,
                        List<String> skipPhases, boolean dryRun, boolean controlPlane, String certificateKey,
                        String advertiseAddress, List<String> nodes, int parallel) {

    public JoinFlags {
        caCertHashes = caCertHashes == null ? List.of() : List.copyOf(caCertHashes);
        ignorePreflightErrors = ignorePreflightErrors == null ? List.of() : List.copyOf(ignorePreflightErrors);
        skipPhases = skipPhases == null ? List.of() : List.copyOf(skipPhases);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /**
     * The given flags whose values a JoinConfiguration holds: kubeadm refuses them beside --config
     * (ValidateMixedArguments, cmd/kubeadm/app/apis/kubeadm/validation/validation.go).
     */
    List<String> givenConfigurationFlags() {
        List<String> given = new ArrayList<>();
        addIf(given, endpoint, "ENDPOINT");
        addIf(given, token, "--token");
        addIf(given, discoveryToken, "--discovery-token");
        addIf(given, tlsBootstrapToken, "--tls-bootstrap-token");
        addIf(given, discoveryFile, "--discovery-file");
        addIf(given, criSocket, "--cri-socket");
        addIf(given, certificateKey, "--certificate-key");
        addIf(given, advertiseAddress, "--apiserver-advertise-address");
        if (!caCertHashes.isEmpty()) {
            given.add("--discovery-token-ca-cert-hash");
        }
        if (unsafeSkipCaVerification) {
            given.add("--discovery-token-unsafe-skip-ca-verification");
        }
        return given;
    }

    private static void addIf(List<String> list, String value, String flag) {
        if (value != null) {
            list.add(flag);
        }
    }

    @Override
    public String toString() {
        // the tokens and the certificate key are secrets
        return "JoinFlags[endpoint=" + endpoint + ", discoveryFile=" + discoveryFile + ", controlPlane=" + controlPlane
                + ", nodes=" + nodes + "]";
    }
}
