package dev.bootstrap.apiserver;

import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.TokenSecrets;
import dev.bootstrap.token.TokenSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Bootstrap tokens as Secrets in kube-system: create, list, delete (kubeadm token ...). */
public final class TokenStore {

    private final KubernetesClient client;

    public TokenStore(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the token's Secret; an existing Secret for the same id is left as it is. */
    public ObjectApplier.Applied create(TokenSpec spec, Instant now) {
        return new ObjectApplier(client).createIfAbsent(TokenSecrets.toSecret(spec, now));
    }

    /** Token Secrets, selected as kubeadm does by type; sorted by id. */
    public List<Secret> list() {
        return client.secrets().inNamespace(TokenSecrets.NAMESPACE)
                .withField("type", TokenSecrets.TYPE).list().getItems().stream()
                .filter(s -> TokenSecrets.TYPE.equals(s.getType()))
                .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
                .toList();
    }

    /** The Secret of a token id, if present. */
    public Optional<Secret> get(String tokenId) {
        return Optional.ofNullable(client.secrets().inNamespace(TokenSecrets.NAMESPACE)
                .withName("bootstrap-token-" + tokenId).get());
    }

    /** Deletes by id or full token; false when no such token exists. */
    public boolean delete(String idOrToken) {
        String id = idOrToken.contains(".") ? BootstrapToken.parse(idOrToken, "token").id() : idOrToken;
        if (!BootstrapToken.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("\"" + id + "\" is not a token id ([a-z0-9]{6}) or token");
        }
        if (get(id).isEmpty()) {
            return false;
        }
        client.secrets().inNamespace(TokenSecrets.NAMESPACE).withName("bootstrap-token-" + id).delete();
        return true;
    }

    /** The tokens that may sign cluster-info: usage-bootstrap-signing and not expired. */
    public List<BootstrapToken> signingTokens(Instant now) {
        return list().stream()
                .filter(s -> "true".equals(TokenSecrets.value(s, "usage-bootstrap-signing").orElse("")))
                .filter(s -> TokenSecrets.expiration(s).map(now::isBefore).orElse(true))
                .map(s -> new BootstrapToken(TokenSecrets.value(s, "token-id").orElseThrow(),
                        TokenSecrets.value(s, "token-secret").orElseThrow()))
                .toList();
    }
}
