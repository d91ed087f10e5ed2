package dev.bootstrap.token;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Bootstrap token Secrets in kubeadm's exact format (kube-system/bootstrap-token-<id>). */
public final class TokenSecrets {

    public static final String TYPE = "bootstrap.kubernetes.io/token";
    public static final String NAMESPACE = "kube-system";

    private TokenSecrets() {
    }

    public static Secret toSecret(TokenSpec spec, Instant now) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", spec.token().id());
        data.put("token-secret", spec.token().secret());
        if (!spec.description().isEmpty()) {
            data.put("description", spec.description());
        }
        if (!spec.ttl().isZero()) {
            data.put("expiration", DateTimeFormatter.ISO_INSTANT.format(
                    now.plus(spec.ttl()).truncatedTo(ChronoUnit.SECONDS)));
        }
        for (String usage : spec.usages()) {
            data.put("usage-bootstrap-" + usage, "true");
        }
        if (!spec.groups().isEmpty()) {
            data.put("auth-extra-groups", String.join(",", spec.groups()));
        }
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata().withName(spec.token().secretName()).withNamespace(NAMESPACE).endMetadata()
                .withType(TYPE)
                .withData(encoded)
                .build();
    }

    /** A value of a token Secret's data (base64-decoded), or of stringData when a client set that. */
    public static Optional<String> value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.of(secret.getStringData().get(key));
        }
        return Optional.empty();
    }

    /** The expiration of a token Secret, or empty for one that never expires. */
    public static Optional<Instant> expiration(Secret secret) {
        return value(secret, "expiration").map(Instant::parse);
    }
}
