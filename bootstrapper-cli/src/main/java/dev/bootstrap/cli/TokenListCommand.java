package dev.bootstrap.cli;

import dev.bootstrap.apiserver.TokenStore;
import dev.bootstrap.pki.ExpirationReport;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.TokenSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bootstrap token list}: kubeadm's table of bootstrap tokens (or -o json). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the bootstrap tokens in the cluster.")
public final class TokenListCommand implements Callable<Integer> {

    private static final String NONE = "<none>";

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    AdminKubeconfigOption admin;

    /** One token as kubeadm shows it; empty lists are what -o json prints for "<none>". */
    record Row(String token, Optional<Instant> expires, List<String> usages, String description, List<String> groups) {
    }

    @Override
    public Integer call() {
        List<Row> rows = new ArrayList<>();
        try (KubernetesClient client = admin.load(spec, global).client()) {
            for (Secret s : new TokenStore(client).list()) {
                row(s).ifPresentOrElse(rows::add, () -> spec.commandLine().getErr().println(
                        "warning: Secret kube-system/" + s.getMetadata().getName() + " is not a valid bootstrap token; skipped"));
            }
        }
        if (global.json()) {
            Json.print(spec.commandLine().getOut(), rows.stream().map(TokenListCommand::json).toList());
            return 0;
        }
        Instant now = Instant.now();
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("TOKEN", "TTL", "EXPIRES", "USAGES", "DESCRIPTION", "EXTRA GROUPS"));
        for (Row r : rows) {
            table.add(List.of(r.token(),
                    r.expires().map(e -> ExpirationReport.shortDuration(Duration.between(now, e))).orElse("<forever>"),
                    r.expires().map(DateTimeFormatter.ISO_INSTANT::format).orElse("<never>"),
                    r.usages().isEmpty() ? NONE : String.join(",", r.usages()),
                    r.description().isEmpty() ? NONE : r.description(),
                    r.groups().isEmpty() ? NONE : String.join(",", r.groups())));
        }
        spec.commandLine().getOut().print(TextTable.render(table));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Optional<Row> row(Secret s) {
        Optional<String> id = TokenSecrets.value(s, "token-id");
        Optional<String> secret = TokenSecrets.value(s, "token-secret");
        if (id.isEmpty() || secret.isEmpty() || !BootstrapToken.TOKEN.matcher(id.get() + "." + secret.get()).matches()) {
            return Optional.empty();
        }
        Optional<Instant> expires;
        try {
            expires = TokenSecrets.expiration(s);
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        List<String> usages = new ArrayList<>();
        if (s.getData() != null) {
            s.getData().keySet().stream().filter(k -> k.startsWith("usage-bootstrap-"))
                    .filter(k -> "true".equals(TokenSecrets.value(s, k).orElse("")))
                    .map(k -> k.substring("usage-bootstrap-".length())).sorted().forEach(usages::add);
        }
        String groups = TokenSecrets.value(s, "auth-extra-groups").orElse("");
        return Optional.of(new Row(id.get() + "." + secret.get(), expires, usages,
                TokenSecrets.value(s, "description").orElse(""),
                groups.isEmpty() ? List.of() : List.of(groups.split(","))));
    }

    /** kubeadm's output.kubeadm.k8s.io BootstrapToken object. */
    private static Map<String, Object> json(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "BootstrapToken");
        m.put("apiVersion", "output.kubeadm.k8s.io/v1alpha3");
        m.put("token", r.token());
        if (!r.description().isEmpty()) {
            m.put("description", r.description());
        }
        r.expires().ifPresent(e -> m.put("expires", DateTimeFormatter.ISO_INSTANT.format(e)));
        m.put("usages", r.usages());
        m.put("groups", r.groups());
        return m;
    }
}
