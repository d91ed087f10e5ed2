package dev.bootstrap.cli;

import dev.bootstrap.apiserver.TokenStore;
import dev.bootstrap.config.GoDuration;
import dev.bootstrap.kubeconfig.KubeconfigCluster;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.JoinCommandLine;
import dev.bootstrap.token.TokenSpec;
import dev.bootstrap.uploadcerts.CertificateKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap token create [TOKEN]}: a bootstrap token Secret in kube-system, kubeadm's format. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a bootstrap token in the cluster and print it (or the join command using it).")
public final class TokenCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    AdminKubeconfigOption admin;

    @Parameters(arity = "0..1", paramLabel = "TOKEN",
            description = "The token to create ([a-z0-9]{6}.[a-z0-9]{16}); a random one when left out.")
    String token;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "24h0m0s",
            description = "How long the token is valid, e.g. 2h, 30m; 0 = never expires (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--usages", split = ",", paramLabel = "USAGE", defaultValue = "signing,authentication",
            description = "What the token may be used for: signing, authentication (default: ${DEFAULT-VALUE}).")
    List<String> usages;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            defaultValue = TokenSpec.DEFAULT_GROUP,
            description = "Extra groups the token authenticates as, each system:bootstrappers:... (default: ${DEFAULT-VALUE}).")
    List<String> groups;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
            description = "A human-friendly description of what the token is for.")
    String description;

    @Option(names = "--print-join-command",
            description = "Print the whole 'bootstrap join' command instead of the token alone.")
    boolean printJoinCommand;

    @Option(names = "--certificate-key", paramLabel = "KEY",
            description = "With --print-join-command: print a control-plane join with this certificate key.")
    String certificateKey;

    @Override
    public Integer call() {
        Duration validity = GoDuration.parse(ttl).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--ttl: \"" + ttl + "\" is not a duration such as 24h0m0s, 2h, 30m or 0"));
        BootstrapToken value = token == null ? BootstrapToken.generate() : BootstrapToken.parse(token, "TOKEN");
        TokenSpec tokenSpec;
        CertificateKey key;
        try {
            tokenSpec = new TokenSpec(value, validity, usages, groups, description);
            key = certificateKey == null ? null : CertificateKey.parse(certificateKey, "--certificate-key");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (key != null && !printJoinCommand) {
            throw new ParameterException(spec.commandLine(), "--certificate-key is used only with --print-join-command");
        }
        AdminKubeconfigOption.Loaded kubeconfig = admin.load(spec, global);
        String joinCommand = null;
        if (printJoinCommand) {
            KubeconfigCluster cluster = kubeconfig.cluster();
            joinCommand = JoinCommandLine.render(cluster.server(), value, cluster.caPins(kubeconfig.host()),
                    key == null ? null : key.hex());
        }
        try (KubernetesClient client = kubeconfig.client()) {
            if (!new TokenStore(client).create(tokenSpec, Instant.now()).changed()) {
                throw new IllegalStateException("a token with id \"" + value.id() + "\" already exists");
            }
        }
        if (global.json()) {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("token", value.value());
            if (joinCommand != null) {
                out.put("joinCommand", joinCommand);
            }
            Json.print(spec.commandLine().getOut(), out);
        } else {
            spec.commandLine().getOut().println(joinCommand != null ? joinCommand : value.value());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
