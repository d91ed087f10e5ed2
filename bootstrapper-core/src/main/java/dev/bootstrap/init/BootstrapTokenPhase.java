package dev.bootstrap.init;

import dev.bootstrap.apiserver.BootstrapTokens;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.TokenStore;
import dev.bootstrap.config.BootstrapTokenSpec;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.kubeconfig.KubeconfigCluster;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.TokenSecrets;
import dev.bootstrap.token.TokenSpec;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * bootstrap-token: the token Secrets, the RBAC that lets them bootstrap kubelets, and cluster-info
 * with our own signature for every signing token. Without a token in the configuration, a valid
 * token made by an earlier init is reused, so a second run creates nothing.
 */
final class BootstrapTokenPhase extends ApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("bootstrap-token", "Generate bootstrap tokens, RBAC and cluster-info", Trait.OPENS_JOINING);

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    /**
     * The token a real run would print (the configured one, else a new one) goes on the context, so
     * the dry run's summary shows the join command as kubeadm's dry run does; without a cluster there
     * is no earlier token to reuse.
     */
    @Override
    String wouldDo(InitContext ctx) {
        ctx.config().init().bootstrapTokens().stream().findFirst()
                .ifPresent(first -> ctx.token(configuredOr(first, BootstrapToken::generate)));
        return "create a bootstrap token, its RBAC, and kube-public/cluster-info signed for it";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        Instant now = Instant.now();
        TokenStore store = new TokenStore(ctx.admin());
        List<TokenSpec> specs = new ArrayList<>();
        for (BootstrapTokenSpec s : ctx.config().init().bootstrapTokens()) {
            BootstrapToken token = configuredOr(s, () -> reusable(store, now).orElseGet(BootstrapToken::generate));
            specs.add(new TokenSpec(token, s.ttl(), s.usages(), s.groups(),
                    s.description().isEmpty() ? TokenSpec.INIT_DESCRIPTION : s.description()));
        }
        ctx.token(specs.get(0).token());
        KubeconfigCluster admin = KubeconfigCluster.of(ctx.kubeconfig(NodeLayout.ADMIN_CONF), NodeLayout.ADMIN_CONF);
        String clusterInfo = ClusterInfo.kubeconfig(admin.server(), admin.caPem(ctx.files()));
        return new BootstrapTokens(ctx.admin()).run(specs, clusterInfo, now,
                ctx.config().release().has(VersionTable.Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION));
    }

    private static BootstrapToken configuredOr(BootstrapTokenSpec spec, Supplier<BootstrapToken> otherwise) {
        return spec.token().isEmpty() ? otherwise.get() : BootstrapToken.parse(spec.token(), "bootstrapTokens.token");
    }

    /** A token an earlier init made that is still valid for at least an hour. */
    private static Optional<BootstrapToken> reusable(TokenStore store, Instant now) {
        for (Secret s : store.list()) {
            boolean fromInit = TokenSecrets.value(s, "description").orElse("").equals(TokenSpec.INIT_DESCRIPTION);
            boolean fresh = TokenSecrets.expiration(s).map(e -> e.isAfter(now.plusSeconds(3600))).orElse(true);
            if (fromInit && fresh) {
                return Optional.of(new BootstrapToken(TokenSecrets.value(s, "token-id").orElseThrow(),
                        TokenSecrets.value(s, "token-secret").orElseThrow()));
            }
        }
        return Optional.empty();
    }
}
