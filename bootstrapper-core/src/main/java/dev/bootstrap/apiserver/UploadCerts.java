package dev.bootstrap.apiserver;

import static dev.bootstrap.uploadcerts.KubeadmCertsSecret.NAME;
import static dev.bootstrap.uploadcerts.KubeadmCertsSecret.NAMESPACE;
import static dev.bootstrap.uploadcerts.KubeadmCertsSecret.REFERENCE;

import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.TokenSecrets;
import dev.bootstrap.token.TokenSpec;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.CertsCipher;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upload-certs phase: the shared control-plane CAs and keys, each encrypted with the
 * certificate key (AES-256-GCM, {@link CertsCipher}), in kube-system/kubeadm-certs. The Secret is
 * owned by a short-lived bootstrap token, so the garbage collector deletes it when the token expires
 * (docs/kubeadm-compat.md#kubeadm-certs-secret). Re-running with the same key and files leaves it alone: values that
 * still decrypt to the files are kept, not re-encrypted.
 */
public final class UploadCerts {

    public static final Duration TOKEN_TTL = Duration.ofHours(2);
    public static final String TOKEN_DESCRIPTION = "Proxy for managing TTL for the kubeadm-certs secret";

    private final KubernetesClient client;

    public UploadCerts(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param files data key to plaintext, from {@link KubeadmCertsSecret#read}
     */
    public List<ObjectApplier.Applied> upload(CertificateKey key, Map<String, byte[]> files, Instant now) {
        List<ObjectApplier.Applied> done = new ArrayList<>();
        Secret existing = client.secrets().inNamespace(NAMESPACE).withName(NAME).get();
        Map<String, String> data = new LinkedHashMap<>();
        int kept = 0;
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Optional<String> same = sameValue(existing, file.getKey(), file.getValue(), key);
            if (same.isPresent()) {
                kept++;
            }
            data.put(file.getKey(), same.orElseGet(() -> encrypted(file.getValue(), key)));
        }
        boolean sameContent = existing != null && existing.getData() != null && kept == files.size()
                && existing.getData().keySet().equals(files.keySet());
        Optional<OwnerReference> owner = existing == null ? Optional.empty() : liveOwner(existing, now);
        if (sameContent && owner.isPresent()) {
            done.add(new ObjectApplier.Applied(false, "unchanged " + REFERENCE + " (same certificates, same key)"));
        } else {
            OwnerReference ref = owner.orElseGet(() -> newOwnerToken(now, done));
            Secret wanted = new SecretBuilder()
                    .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withOwnerReferences(ref).endMetadata()
                    .withType("Opaque")
                    .withData(data)
                    .build();
            if (existing == null) {
                client.resource(wanted).create();
                done.add(new ObjectApplier.Applied(true, "created " + REFERENCE));
            } else {
                wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                client.resource(wanted).update();
                done.add(new ObjectApplier.Applied(true, "updated " + REFERENCE + " (" + (files.size() - kept)
                        + " of " + files.size() + " values re-encrypted"
                        + (owner.isPresent() ? "" : ", owned by a new TTL token") + ")"));
            }
        }
        done.addAll(new ObjectApplier(client).applyAll(KubeadmRbac.kubeadmCertsReaders()));
        return done;
    }

    /** kubeadm stores a missing file as an empty value, not as an encrypted empty string. */
    private static String encrypted(byte[] plaintext, CertificateKey key) {
        return plaintext.length == 0 ? "" : Base64.getEncoder().encodeToString(CertsCipher.encrypt(plaintext, key));
    }

    /** The stored value when it decrypts with this key to exactly these bytes. */
    private static Optional<String> sameValue(Secret existing, String dataKey, byte[] plaintext, CertificateKey key) {
        if (existing == null || existing.getData() == null || existing.getData().get(dataKey) == null) {
            return Optional.empty();
        }
        String stored = existing.getData().get(dataKey);
        if (stored.isEmpty() || plaintext.length == 0) {
            return stored.isEmpty() && plaintext.length == 0 ? Optional.of(stored) : Optional.empty();
        }
        try {
            byte[] decrypted = CertsCipher.decrypt(Base64.getDecoder().decode(stored), key, dataKey);
            return Arrays.equals(decrypted, plaintext) ? Optional.of(stored) : Optional.empty();
        } catch (IllegalArgumentException otherKeyOrGarbage) {
            return Optional.empty();
        }
    }

    /** The owning token Secret's reference, when that token still exists and has not expired. */
    private Optional<OwnerReference> liveOwner(Secret existing, Instant now) {
        return existing.getMetadata().getOwnerReferences().stream()
                .filter(r -> "Secret".equals(r.getKind()) && r.getName().startsWith("bootstrap-token-"))
                .filter(r -> {
                    Secret token = client.secrets().inNamespace(NAMESPACE).withName(r.getName()).get();
                    return token != null && r.getUid() != null && r.getUid().equals(token.getMetadata().getUid())
                            && TokenSecrets.expiration(token).map(now::isBefore).orElse(true);
                })
                .findFirst();
    }

    private OwnerReference newOwnerToken(Instant now, List<ObjectApplier.Applied> done) {
        BootstrapToken token = BootstrapToken.generate();
        done.add(new TokenStore(client).create(new TokenSpec(token, TOKEN_TTL, List.of(), List.of(), TOKEN_DESCRIPTION), now));
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(token.secretName()).get();
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Secret")
                .withName(secret.getMetadata().getName()).withUid(secret.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }
}
