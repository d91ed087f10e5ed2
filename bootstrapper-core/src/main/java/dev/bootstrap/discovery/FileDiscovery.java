package dev.bootstrap.discovery;

import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.http.HttpCall;
import dev.bootstrap.kubeconfig.ExistingKubeconfig;
import dev.bootstrap.kubeconfig.KubeconfigException;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * kubeadm's file discovery (--discovery-file): the cluster (server and CA data) comes from a
 * kubeconfig file on this machine or at an https URL (fetched with the system's trusted CAs), which
 * the user trusts by giving it. A token user in the file is the TLS bootstrap token unless
 * --tls-bootstrap-token is given.
 */
public final class FileDiscovery {

    private FileDiscovery() {
    }

    /** The cluster learned from the file and the token the file carries, if any. */
    public record Result(TokenDiscovery.Result cluster, Optional<String> token) {
        @Override
        public String toString() {
            return "FileDiscovery.Result[" + cluster.server() + ", token=" + (token.isPresent() ? "<secret>" : "none") + "]";
        }
    }

    public static Result read(String pathOrUrl) {
        String text = pathOrUrl.startsWith("https://") ? download(pathOrUrl) : readLocal(pathOrUrl);
        ExistingKubeconfig existing;
        try {
            existing = ExistingKubeconfig.parse(pathOrUrl, text.getBytes(StandardCharsets.UTF_8));
        } catch (KubeconfigException e) {
            throw new DiscoveryException(DiscoveryException.Reason.INVALID, "--discovery-file " + e.getMessage(), e);
        }
        if (existing.server().isEmpty() || existing.caPem().isBlank()) {
            throw new DiscoveryException(DiscoveryException.Reason.INVALID, "--discovery-file " + pathOrUrl
                    + ": the current context's cluster needs server and certificate-authority-data");
        }
        byte[] ca = existing.caPem().getBytes(StandardCharsets.US_ASCII);
        TokenDiscovery.parseCas(ca);
        return new Result(new TokenDiscovery.Result(existing.server(), ca, text), token(text));
    }

    private static Optional<String> token(String text) {
        Config config = KubeSerialization.SHARED.unmarshal(text, Config.class);
        String user = config.getContexts().stream().filter(c -> c.getName().equals(config.getCurrentContext()))
                .map(c -> c.getContext().getUser()).filter(Objects::nonNull).findFirst().orElse(null);
        return config.getUsers() == null ? Optional.empty() : config.getUsers().stream()
                .filter(u -> u.getName().equals(user)).map(NamedAuthInfo::getUser).filter(Objects::nonNull)
                .map(u -> u.getToken()).filter(t -> t != null && !t.isEmpty()).findFirst();
    }

    private static String readLocal(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DiscoveryException(DiscoveryException.Reason.INVALID, "--discovery-file: cannot read " + path
                    + ": " + e, e);
        }
    }

    private static String download(String url) {
        try {
            HttpCall.Response response = new HttpCall(null, Duration.ofSeconds(10), Duration.ofSeconds(30))
                    .get(URI.create(url), Map.of());
            if (response.status() != 200) {
                throw new DiscoveryException(DiscoveryException.Reason.NOT_FOUND, "--discovery-file " + url
                        + " answered HTTP " + response.status());
            }
            return response.body();
        } catch (IOException e) {
            throw new DiscoveryException(e instanceof javax.net.ssl.SSLException ? DiscoveryException.Reason.TLS
                    : DiscoveryException.Reason.UNREACHABLE, "--discovery-file: cannot download " + url + ": " + e, e);
        }
    }
}
